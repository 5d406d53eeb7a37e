package dev.switchyard.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.CostApiOption;
import dev.switchyard.cli.DurationConverter;
import dev.switchyard.cli.HomeOption;
import dev.switchyard.cli.SwitchyardCli;
import dev.switchyard.cli.client.CostApi;
import dev.switchyard.cli.client.ProgressBar;
import dev.switchyard.cli.client.RecordWriter;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.BatchCancellation;
import dev.switchyard.schema.serde.TrustedRecords;
import dev.switchyard.schema.topic.Topics;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** OpenAI-Batch-compatible batches: submit a JSONL file unchanged, follow its status, fetch its output lines. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Batches in the OpenAI Batch API's file formats.",
        subcommands = {BatchCommand.Submit.class, BatchCommand.Status.class, BatchCommand.Results.class, BatchCommand.Cancel.class})
public final class BatchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Validate an OpenAI Batch input file (custom_id, method, url, body per line) and submit every line.")
    static final class Submit implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Parameters(paramLabel = "FILE.jsonl", description = "OpenAI Batch API input lines.")
        Path file;

        @Option(names = "--tenant", required = true, description = "The tenant the batch is billed to.")
        String tenant;

        @Option(names = "--user", description = "The user the batch is billed to.")
        String user;

        @Option(names = "--id", description = "Batch id; default: a new one. Re-submitting with the same id executes no line twice.")
        String batchId;

        @Override
        public Integer call() throws Exception {
            String id = batchId != null ? batchId : "batch_" + UUID.randomUUID().toString().replace("-", "");
            List<LlmRequest> requests;
            try {
                requests = OpenAiBatchInput.read(file, id, tenant, user);
            } catch (OpenAiBatchInput.InvalidBatchException e) {
                System.err.println("switchyard batch submit: " + e.getMessage());
                return SwitchyardCli.USAGE;
            }
            KafkaSettings kafka = home.kafka();
            Topics topics = kafka.topics();
            ProgressBar progress = new ProgressBar(System.out, "  submitted", requests.size());
            try (RecordWriter writer = new RecordWriter(kafka, "switchyard-batch")) {
                for (int i = 0; i < requests.size(); i++) {
                    LlmRequest request = requests.get(i);
                    writer.send(topics.requests, request.getRequestId(), request);
                    if (i % 500 == 499) {
                        writer.flush();
                        progress.update(i + 1);
                    }
                }
                writer.flush();
            }
            progress.finish(requests.size());
            System.out.println(id);
            return SwitchyardCli.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "A batch's progress: counts by status, pending, cost.")
    static final class Status implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Mixin
        CostApiOption costApi;

        @Parameters(paramLabel = "ID")
        String batchId;

        @Option(names = "--wait", description = "Follow the batch with a progress bar until it is COMPLETED.")
        boolean await;

        @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class,
                description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            CostApi api = costApi.api(home);
            ObjectMapper json = new ObjectMapper();
            long deadline = System.nanoTime() + timeout.toNanos();
            ProgressBar progress = null;
            while (true) {
                JsonNode status;
                try {
                    status = json.readTree(api.get("/api/batches/" + batchId, Map.of()));
                } catch (CostApi.NotFoundException e) {
                    if (!await || System.nanoTime() > deadline) {
                        System.err.println("switchyard batch status: no batch '" + batchId + "' has a result yet");
                        return await ? SwitchyardCli.TIMED_OUT : SwitchyardCli.FAILED;
                    }
                    Thread.sleep(500);
                    continue;
                }
                boolean completed = status.path("state").asText().equals("COMPLETED");
                int total = status.path("total").asInt();
                if (!await || completed || System.nanoTime() > deadline) {
                    if (progress != null) {
                        progress.finish(total - status.path("pending").asInt());
                    }
                    print(status);
                    return !await || completed ? SwitchyardCli.OK : SwitchyardCli.TIMED_OUT;
                }
                if (progress == null) {
                    progress = new ProgressBar(System.out, "  " + batchId, total);
                }
                progress.update(total - status.path("pending").asInt());
                Thread.sleep(500);
            }
        }

        private static void print(JsonNode status) {
            System.out.println("batch:      " + status.path("batchId").asText() + " (tenant " + status.path("tenantId").asText() + ")");
            System.out.println("state:      " + status.path("state").asText());
            System.out.printf("requests:   %d total, %d pending; %d succeeded, %d failed, %d rejected, %d expired%n",
                    status.path("total").asInt(), status.path("pending").asInt(), status.path("succeeded").asInt(),
                    status.path("failed").asInt(), status.path("rejected").asInt(), status.path("expired").asInt());
            System.out.println("cost:       $" + status.path("costUsd").asText());
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a batch: its requests not yet started end REJECTED with BATCH_CANCELLED; started ones finish.")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Parameters(paramLabel = "ID")
        String batchId;

        @Option(names = "--tenant", required = true, description = "The batch's tenant.")
        String tenant;

        @Override
        public Integer call() throws Exception {
            TrustedRecords.ensure();
            KafkaSettings kafka = home.kafka();
            try (RecordWriter writer = new RecordWriter(kafka, "switchyard-batch")) {
                writer.sendAndWait(kafka.topics().batchCancellations, batchId, new BatchCancellation(batchId, tenant, Instant.now()));
            }
            System.out.println("batch " + batchId + " cancelled: requests not yet started end REJECTED (BATCH_CANCELLED); "
                    + "follow it with 'switchyard batch status " + batchId + " --wait'");
            return SwitchyardCli.OK;
        }
    }

    @Command(name = "results", mixinStandardHelpOptions = true,
            description = "Write a batch's results as OpenAI Batch API output lines (id, custom_id, response, error).")
    static final class Results implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Parameters(paramLabel = "ID")
        String batchId;

        @Option(names = {"-o", "--output"}, description = "Output file; default: standard output.")
        Path output;

        @Option(names = "--wait", description = "Wait until every request of the batch has its result.")
        boolean await;

        @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class,
                description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            KafkaSettings kafka = home.kafka();
            Map<String, LlmResult> results = new LinkedHashMap<>();
            int size = -1;
            ProgressBar progress = null;
            try (TopicReader<String, LlmResult> reader = new TopicReader<>(kafka, kafka.topics().results, true)) {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    List<TopicReader.Entry<String, LlmResult>> batch = reader.poll(Duration.ofMillis(500), record -> {
                        Header header = record.headers().lastHeader(dev.switchyard.core.outcome.Results.BATCH_HEADER);
                        return header != null && batchId.equals(new String(header.value(), StandardCharsets.UTF_8));
                    });
                    for (TopicReader.Entry<String, LlmResult> entry : batch) {
                        results.putIfAbsent(entry.key(), entry.value());
                        if (entry.value().getBatchSize() != null) {
                            size = entry.value().getBatchSize();
                        }
                    }
                    if (await && size > 0 && progress == null && output != null) {
                        progress = new ProgressBar(System.out, "  results", size);
                    }
                    if (progress != null) {
                        progress.update(results.size());
                    }
                    boolean complete = size > 0 && results.size() >= size;
                    if (complete || (!await && reader.caughtUp()) || System.nanoTime() > deadline) {
                        break;
                    }
                }
            }
            if (progress != null) {
                progress.finish(results.size());
            }
            write(results);
            if (results.isEmpty()) {
                System.err.println("switchyard batch results: no results for batch '" + batchId + "'");
                return await ? SwitchyardCli.TIMED_OUT : SwitchyardCli.FAILED;
            }
            return await && results.size() < size ? SwitchyardCli.TIMED_OUT : SwitchyardCli.OK;
        }

        private void write(Map<String, LlmResult> results) throws java.io.IOException {
            try (PrintWriter out = new PrintWriter(output == null
                    ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                    : Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                results.values().forEach(result -> out.println(OpenAiBatchOutput.line(result)));
            }
        }
    }
}
