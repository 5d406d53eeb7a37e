package dev.switchyard.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import dev.switchyard.schema.serde.TrustedRecords;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    static {
        TrustedRecords.ensure();
    }

    private static final ModelSpec GPT_4O = CatalogLoader.defaultCatalog().model("gpt-4o").orElseThrow();
    private static final ModelSpec SONNET = CatalogLoader.defaultCatalog().model("claude-sonnet-4-5").orElseThrow();

    private static LlmRequest request(Message... messages) {
        return LlmRequest.newBuilder().setRequestId("t").setTenantId("t").setMessages(List.of(messages)).build();
    }

    /** OpenAI's chat framing: 3 tokens per message besides its role and text, 3 to prime the reply. */
    @Test
    void countsOpenAiModelsExactlyWithTheirOwnTokenizer() {
        // o200k_base: "hello world" is "hello" + " world", "user" one token.
        assertThat(TokenCounter.of(request(Messages.text("user", "hello world"))).inputTokens(GPT_4O)).isEqualTo(3 + 1 + 2 + 3);
        assertThat(TokenCounter.exactFor(GPT_4O)).isTrue();
        // The cookbook's "tiktoken is great!" is 6 tokens in cl100k_base, the tokenizer of the GPT-4 generation.
        ModelSpec gpt4 = new ModelSpec("gpt-4-0613", "openai", GPT_4O.capabilities(), GPT_4O.price(), 8192, 4096, 500,
                GPT_4O.quality(), 0, 0);
        assertThat(TokenCounter.of(request(Messages.text("user", "tiktoken is great!"))).inputTokens(gpt4)).isEqualTo(3 + 1 + 6 + 3);
        assertThat(TokenCounter.of(request(Messages.text("system", "Be brief."), Messages.text("user", "hello world")))
                .inputTokens(GPT_4O)).isEqualTo(2 * 3 + 1 + 3 + 1 + 2 + 3);
    }

    @Test
    void estimatesOtherProvidersWithASafetyFactorButNeverAboveOneTokenPerByte() {
        assertThat(TokenCounter.exactFor(SONNET)).isFalse();
        String english = "The quarterly report is attached; please summarise the three main risks for the board. ".repeat(20);
        long openAi = TokenCounter.of(request(Messages.text("user", english))).inputTokens(GPT_4O);
        long estimate = TokenCounter.of(request(Messages.text("user", english))).inputTokens(SONNET);
        assertThat(estimate).as("about 1.5 times a BPE count").isBetween((long) (openAi * 1.3), (long) (openAi * 1.7));
        long bytes = english.getBytes(StandardCharsets.UTF_8).length + "user".length();
        assertThat(estimate).as("far under one per byte for English").isLessThan(bytes / 2);

        String digits = "7".repeat(10); // byte-level tokenizers may take each digit alone
        long digitEstimate = TokenCounter.of(request(Messages.text("user", digits))).inputTokens(SONNET);
        assertThat(digitEstimate).isLessThanOrEqualTo(digits.length() + "user".length() + TokenCounter.ESTIMATE_TOKENS_PER_MESSAGE);
    }

    @Test
    void aBudgetReservesFarLessThanOneTokenPerByteForOpenAiModels() {
        String prompt = "Summarize the plot of Hamlet in one line, then name its three main themes. ".repeat(10);
        long tokens = TokenCounter.of(request(Messages.text("user", prompt))).inputTokens(GPT_4O);
        assertThat(tokens).isLessThan(prompt.length() / 3);
    }

    @Test
    void toolsSchemasToolCallsAndImagesCountAsTheProviderBillsThemOrMore() throws Exception {
        LlmRequest plain = request(Messages.text("user", "Weather in Paris?"));
        Tool weather = new Tool("get_weather", "The forecast for a city",
                "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}");
        LlmRequest withTools = LlmRequest.newBuilder(plain).setTools(List.of(weather)).build();
        long toolText = TokenCounter.of(withTools).inputTokens(GPT_4O) - TokenCounter.of(plain).inputTokens(GPT_4O);
        assertThat(toolText).as("the tool's text and the preamble").isGreaterThan(TokenCounter.TOOLS_PREAMBLE_TOKENS + 15);
        assertThat(TokenCounter.of(withTools).inputTokens(SONNET)).isGreaterThan(TokenCounter.of(plain).inputTokens(SONNET) + 400);

        LlmRequest conversation = request(Messages.text("user", "Weather in Paris?"),
                Messages.toolCalls("", List.of(new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\"}"))),
                Messages.toolResult("call_1", "get_weather", "rain all day"));
        LlmRequest bare = request(Messages.text("user", "Weather in Paris?"), Messages.text("assistant", ""), Messages.text("tool", ""));
        assertThat(TokenCounter.of(conversation).inputTokens(GPT_4O)).isGreaterThan(TokenCounter.of(bare).inputTokens(GPT_4O) + 10);

        ContentPart text = new ContentPart(ContentPartType.TEXT, "What is this?", null, null, null, null);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB), "png", png);
        ContentPart image = new ContentPart(ContentPartType.IMAGE, null, null, Base64.getEncoder().encodeToString(png.toByteArray()),
                "image/png", null);
        ContentPart byUrl = new ContentPart(ContentPartType.IMAGE, null, "https://example.com/a.png", null, null, null);
        long words = TokenCounter.of(request(Messages.parts("user", List.of(text)))).inputTokens(GPT_4O);
        assertThat(TokenCounter.of(request(Messages.parts("user", List.of(text, image)))).inputTokens(GPT_4O) - words).isEqualTo(765);
        assertThat(TokenCounter.of(request(Messages.parts("user", List.of(text, byUrl)))).inputTokens(GPT_4O) - words)
                .as("a URL is not fetched: the formula's most").isEqualTo(ImageTokens.OPENAI_MOST);
        long sonnetWords = TokenCounter.of(request(Messages.parts("user", List.of(text)))).inputTokens(SONNET);
        assertThat(TokenCounter.of(request(Messages.parts("user", List.of(text, image)))).inputTokens(SONNET) - sonnetWords)
                .isEqualTo((1024 * 1024 + 749) / 750);
    }
}
