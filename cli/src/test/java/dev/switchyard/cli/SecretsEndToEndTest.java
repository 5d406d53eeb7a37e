package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.cli.demo.Workload;
import dev.switchyard.cli.stack.FreePorts;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.sim.Knobs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Fake but recognisable API keys, one per provider, and a provider that echoes every request's
 * headers back in its answers and its error messages; a workload with server errors, 429s and
 * refused keys, so that retries and fallbacks run too. Then every record of every topic (keys,
 * values and headers, aborted transactions included), every line of each service's log at DEBUG,
 * and every metric each service exposes are searched for the keys: none is found.
 */
class SecretsEndToEndTest {

    private static final String MARK = "sk-switchyard-test-";

    @Test
    void noApiKeyReachesATopicALogOrAMetric() throws Exception {
        try (InProcessStack stack = new InProcessStack()) {
            Map<String, String> keys = new HashMap<>();
            for (ProviderSpec provider : stack.catalog.providers()) {
                keys.put(provider.apiKeyEnv(), MARK + provider.id() + "-" + UUID.randomUUID());
            }
            stack.sim.knobs().reset(Knobs.defaults().with(Map.of("echoHeaders", true, "errorRate", 0.2,
                    "rateLimitRate", 0.2, "retryAfterSeconds", 0)));
            // One model refuses the key it is given (401), quoting the request's headers in its message.
            stack.sim.knobs().set("gpt-4o-mini", Knobs.defaults().with(Map.of("echoHeaders", true, "apiKey", "another-key")));

            String metricsToken = "metrics-" + UUID.randomUUID();
            Path tokenFile = Files.writeString(Files.createTempFile("metrics-token", ""), metricsToken + "\n");
            List<Service> services = new ArrayList<>();
            try {
                services.add(Service.start("router", "dev.switchyard.router.RouterApplication", stack, keys, tokenFile,
                        "--switchyard.router.state-dir=" + Files.createTempDirectory("secrets-router"),
                        "--switchyard.router.commit-interval-ms=50"));
                services.add(Service.start("executor", "dev.switchyard.executor.ExecutorApplication", stack, keys, tokenFile,
                        stack.executorArgs().toArray(String[]::new)));
                services.add(Service.start("cost", "dev.switchyard.cost.CostApplication", stack, keys, tokenFile,
                        stack.costArgs("secrets-cost").toArray(String[]::new)));

                List<LlmRequest> workload = Workload.generate("secrets", 200, 3);
                Map<String, LlmResult> results;
                try (TopicReader<String, LlmResult> reader = new TopicReader<>(stack.kafka, stack.topics.results, true);
                     RequestProducer producer = new RequestProducer(stack.kafka)) {
                    workload.forEach(producer::send);
                    producer.flush();
                    results = PipelineOutcomes.awaitExactlyOneEach(reader, workload.stream().map(LlmRequest::getRequestId).toList(),
                            Duration.ofSeconds(180));
                }
                assertThat(results.values()).as("the provider did answer, echoing its headers").anySatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                    assertThat(r.getContent()).contains("[request headers:").contains("[redacted]");
                });
                assertThat(results.values()).as("retries and fallbacks ran").anySatisfy(r -> assertThat(r.getAttempts()).hasSizeGreaterThan(1));

                for (Service service : services) {
                    assertThat(service.get("/actuator/prometheus", null).statusCode()).as(service.name + " without the token")
                            .isEqualTo(401);
                    String metrics = service.scrape("/actuator/prometheus", metricsToken) + service.scrape("/actuator/metrics", metricsToken);
                    assertThat(metrics).as(service.name + "'s metrics").contains("jvm_").doesNotContain(MARK);
                }
            } finally {
                services.forEach(Service::stop);
            }
            for (Service service : services) {
                String log = Files.readString(service.log, StandardCharsets.UTF_8);
                assertThat(log).as(service.name + "'s log").contains("DEBUG").doesNotContain(MARK);
            }
            assertThat(occurrencesOnTopics(stack, MARK)).as("records holding a key, on any topic").isEmpty();
        }
    }

    /** Every record of every topic read raw, aborted ones included, that holds {@code needle} in its key, value or headers. */
    private static List<String> occurrencesOnTopics(InProcessStack stack, String needle) throws Exception {
        byte[] wanted = needle.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        Set<String> topics;
        try (Admin admin = Admin.create(stack.kafka.admin())) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
        }
        Properties props = stack.kafka.consumer("secrets-scan-" + UUID.randomUUID(), "secrets-scan");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        int scanned = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(topic -> consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    scanned++;
                    boolean hit = contains(record.key(), wanted) || contains(record.value(), wanted);
                    for (Header header : record.headers()) {
                        hit |= contains(header.value(), wanted) || header.key().contains(needle);
                    }
                    if (hit) {
                        found.add(record.topic() + "-" + record.partition() + "@" + record.offset());
                    }
                }
            }
            assertThat(partitions).as("every partition scanned to its end").allSatisfy(p ->
                    assertThat(consumer.position(p)).isGreaterThanOrEqualTo(ends.get(p)));
        }
        assertThat(scanned).as("records scanned").isGreaterThan(1_000);
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A service in a JVM of its own, with the keys in its environment, logging everything to a file, its metrics on a port. */
    private record Service(String name, Process process, Path log, int port) {

        static Service start(String name, String mainClass, InProcessStack stack, Map<String, String> environment, Path metricsTokenFile,
                             String... args) throws Exception {
            int port = FreePorts.next();
            Path log = Files.createTempFile("secrets-" + name, ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-cp", System.getProperty("java.class.path"), mainClass,
                    "--server.port=" + port, "--spring.main.banner-mode=off", "--logging.level.root=DEBUG",
                    "--switchyard.management.token-file=" + metricsTokenFile));
            command.addAll(List.of(args));
            if (command.stream().noneMatch(arg -> arg.startsWith("--switchyard.kafka.bootstrap-servers="))) {
                command.add("--switchyard.kafka.bootstrap-servers=" + stack.kafka.bootstrapServers());
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(new java.io.File("/dev/null"));
            builder.environment().putAll(environment);
            Service service = new Service(name, builder.start(), log, port);
            service.awaitHealthy();
            return service;
        }

        void awaitHealthy() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (get("/actuator/health", null).body().contains("\"UP\"")) {
                        return;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(300);
            }
            throw new AssertionError(name + " did not become healthy: " + Files.readString(log).lines()
                    .filter(line -> line.contains("ERROR")).limit(10).toList());
        }

        String scrape(String path, String token) throws Exception {
            HttpResponse<String> response = get(path, token);
            assertThat(response.statusCode()).as(name + " " + path).isEqualTo(200);
            return response.body();
        }

        HttpResponse<String> get(String path, String token) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try (HttpClient http = HttpClient.newHttpClient()) {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
