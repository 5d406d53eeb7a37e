package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The feedback loop on a real broker: answers judged insufficient with {@code switchyard feedback}
 * reach the cost service on {@code llm.feedback}, are counted on {@code llm.feedback-counts}, and
 * every router moves that tenant's BALANCED requests off the model it judged, while another
 * tenant's stay. Judgements of an unknown request, or by another tenant, change nothing.
 */
class FeedbackEndToEndTest {

    private static final String PROMPT = "Write a Python function that reverses a string.";

    @Test
    void insufficientAnswersMoveATenantsBalancedRequestsToAnotherModel() throws Exception {
        try (InProcessStack stack = new InProcessStack().startServices();
             TopicReader<String, LlmResult> reader = new TopicReader<>(stack.kafka, stack.topics.results, true);
             RequestProducer producer = new RequestProducer(stack.kafka)) {
            String kafka = "--bootstrap-servers=" + stack.kafka.bootstrapServers();
            Map<String, LlmResult> first = send(producer, reader, "unhappy", "first", 40);
            String judgedModel = first.values().iterator().next().getModel();
            assertThat(first.values()).extracting(LlmResult::getModel).containsOnly(judgedModel);

            assertThat(CliRun.of("feedback", "no-such-request", "--tenant=unhappy", "--score=0", "--insufficient", kafka).code()).isZero();
            assertThat(CliRun.of("feedback", "first-0", "--tenant=someone-else", "--score=0", kafka).code()).isZero();
            CliRun outOfRange = CliRun.of("feedback", "first-0", "--tenant=unhappy", "--score=3", kafka);
            assertThat(outOfRange.code()).isEqualTo(SwitchyardCli.USAGE);
            assertThat(outOfRange.err()).contains("--score must be within 0.0 and 1.0");
            for (String requestId : first.keySet()) {
                assertThat(CliRun.of("feedback", requestId, "--tenant=unhappy", "--score=0.1", "--insufficient",
                        "--comment=missed the edge cases", kafka).code()).isZero();
            }

            String movedTo = null;
            for (int round = 0; round < 30 && movedTo == null; round++) {
                String model = send(producer, reader, "unhappy", "after-" + round, 1).values().iterator().next().getModel();
                movedTo = model.equals(judgedModel) ? null : model;
                if (movedTo == null) {
                    Thread.sleep(1_000); // the counts are a commit or two away
                }
            }
            assertThat(movedTo).as("forty insufficient answers of %s moved the tenant's BALANCED requests", judgedModel).isNotNull();
            assertThat(send(producer, reader, "content", "other", 3).values()).extracting(LlmResult::getModel)
                    .as("another tenant's requests stay where they were").containsOnly(judgedModel);
        }
    }

    private static Map<String, LlmResult> send(RequestProducer producer, TopicReader<String, LlmResult> reader, String tenant,
                                               String run, int count) {
        List<LlmRequest> requests = IntStream.range(0, count).mapToObj(i -> LlmRequest.newBuilder()
                .setRequestId(run + "-" + i).setTenantId(tenant).setStrategy(Strategy.BALANCED).setMaxOutputTokens(64)
                .setMessages(List.of(Messages.text("user", PROMPT))).build()).toList();
        requests.forEach(producer::send);
        producer.flush();
        Map<String, LlmResult> results = PipelineOutcomes.awaitExactlyOneEach(reader,
                requests.stream().map(LlmRequest::getRequestId).toList(), Duration.ofSeconds(60));
        assertThat(results.values()).extracting(LlmResult::getStatus).containsOnly(ResultStatus.SUCCEEDED);
        return results;
    }
}
