package dev.switchyard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import dev.switchyard.schema.serde.TrustedRecords;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TaskViewTest {

    @BeforeAll
    static void trustRecords() {
        TrustedRecords.ensure(); // these records are built before any serde exists
    }

    private static LlmRequest.Builder request(List<Message> messages) {
        return LlmRequest.newBuilder().setRequestId("r").setTenantId("t").setMessages(messages);
    }

    @Test
    void plainTextRequestsAreReadAsTheyAre() {
        List<Message> messages = List.of(Messages.text("system", "be brief"), Messages.text("user", "hi"));
        assertThat(TaskView.messages(request(messages).build())).isSameAs(messages);
    }

    @Test
    void offeredToolsJoinTheSystemPromptOrBecomeOne() {
        Tool weather = new Tool("get_weather", "the forecast for a city", "{\"type\": \"object\"}");
        List<Message> withSystem = TaskView.messages(request(List.of(Messages.text("system", "be brief"),
                Messages.text("user", "Paris tomorrow?"))).setTools(List.of(weather)).build());
        assertThat(withSystem).hasSize(2);
        assertThat(withSystem.getFirst().getContent()).startsWith("be brief\nTools you can call:")
                .contains("get_weather: the forecast for a city", "(parameters {\"type\": \"object\"})");

        List<Message> without = TaskView.messages(request(List.of(Messages.text("user", "Paris tomorrow?")))
                .setTools(List.of(weather)).build());
        assertThat(without).extracting(Message::getRole).containsExactly("system", "user");
        assertThat(without.getFirst().getContent()).contains("get_weather");
    }

    @Test
    void imagesAndToolCallsAreReadAsText() {
        List<Message> view = TaskView.messages(request(List.of(
                Messages.parts("user", List.of(new ContentPart(ContentPartType.TEXT, "what is this?", null, null, null, null),
                        new ContentPart(ContentPartType.IMAGE, null, "https://a/b.png", null, null, null))),
                Messages.toolCalls("", List.of(new ToolCall("c1", "lookup", "{\"q\": \"cat\"}"))),
                Messages.toolResult("c1", "lookup", "a cat"))).build());
        assertThat(view).extracting(Message::getContent)
                .containsExactly("what is this?\n[image]", "called lookup {\"q\": \"cat\"}", "a cat");
        assertThat(view).allSatisfy(message -> assertThat(message.getParts()).isEmpty());
    }
}
