package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.core.kafka.KafkaConnection;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Every service and the CLI on a broker that takes TLS only: the services authenticate with
 * SASL_SSL and SCRAM-SHA-256, given as Spring Boot's own {@code spring.kafka.*} properties, the CLI
 * with mutual TLS from a client properties file ({@code --kafka-config}). A plaintext client is
 * turned away, so the pipeline answering proves that every client of it took the settings.
 */
class SecuredKafkaEndToEndTest {

    @Test
    void servicesOnSaslSslAndTheCliOnMutualTls() throws Exception {
        ProcessBroker broker = ProcessBroker.secured(InProcessStack.PARTITIONS);
        try (InProcessStack stack = new InProcessStack(broker, broker.connection(), broker.springArgs())) {
            Properties plaintextClient = new KafkaSettings(broker.bootstrapServers(), "", "").admin();
            plaintextClient.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
            plaintextClient.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
            Admin plaintext = Admin.create(plaintextClient);
            try {
                assertThatThrownBy(() -> plaintext.listTopics().names().get(5, TimeUnit.SECONDS))
                        .as("a client without TLS and SASL gets nothing from the broker").isInstanceOf(Exception.class);
            } finally {
                plaintext.close(Duration.ZERO);
            }
            stack.startServices();

            List<LlmRequest> requests = IntStream.range(0, 20).mapToObj(i -> LlmRequest.newBuilder()
                    .setRequestId("secured-" + i).setTenantId("secured")
                    .setMessages(List.of(Messages.text("user", "What is the capital of France? (" + i + ")"))).build()).toList();
            try (ResultCollector results = new ResultCollector(stack.kafka);
                 RequestProducer producer = new RequestProducer(stack.kafka)) {
                requests.forEach(producer::send);
                producer.flush();
                Map<String, ResultCollector.Received> got = results.await(
                        requests.stream().map(LlmRequest::getRequestId).collect(Collectors.toSet()), Duration.ofSeconds(90), (r, n) -> { });
                assertThat(got).hasSize(requests.size());
                assertThat(got.values()).allSatisfy(r -> assertThat(r.result().getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
            }

            String mtls = broker.mtlsClientConfig().toString();
            assertThat(KafkaConnection.fromFile(broker.mtlsClientConfig()).properties()).containsEntry("security.protocol", "SSL");
            int code = SwitchyardCli.commandLine().execute("submit", "--bootstrap-servers", broker.mtlsBootstrapServers(),
                    "--kafka-config", mtls, "--tenant", "secured", "--prompt", "Say hello", "--id", "secured-cli", "--wait");
            assertThat(code).as("the CLI submits over mutual TLS and reads the result back (--wait)").isEqualTo(SwitchyardCli.OK);
        }
    }
}
