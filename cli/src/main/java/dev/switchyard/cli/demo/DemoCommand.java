package dev.switchyard.cli.demo;

import dev.switchyard.cli.DurationConverter;
import dev.switchyard.cli.HomeOption;
import dev.switchyard.cli.SwitchyardCli;
import dev.switchyard.cli.client.ProgressBar;
import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.cli.stack.LocalStack;
import dev.switchyard.cli.stack.StackOptions;
import dev.switchyard.cli.stack.StackState;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.LlmRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the local stack (unless it is up), send the bundled mixed workload, and print requests by model "
                + "with cost and latency percentiles.")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Option(names = "--requests", defaultValue = "1000", description = "Requests to send (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--seed", defaultValue = "7", description = "Workload seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sim-latency-ms", defaultValue = "200",
            description = "provider-sim's median answer time when the demo starts the stack (default: ${DEFAULT-VALUE}).")
    int simLatencyMs;

    @Option(names = "--keep", description = "Leave a stack the demo started running afterwards.")
    boolean keep;

    @Option(names = "--timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long to wait for all results (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        boolean startedHere = LocalStack.running(home.home()).isEmpty();
        StackState stack = new LocalStack(new StackOptions(home.home(), 0, 6, simLatencyMs, ""), System.out).up();
        try {
            return run(new KafkaSettings(stack.bootstrapServers(), "", ""));
        } finally {
            if (startedHere && !keep) {
                System.out.println();
                LocalStack.down(home.home(), System.out);
            } else {
                System.out.println("The stack is still running; stop it with: switchyard down");
            }
        }
    }

    private int run(KafkaSettings kafka) {
        List<LlmRequest> workload = Workload.generate("demo-" + Instant.now().getEpochSecond(), requests, seed);
        Set<String> ids = workload.stream().map(LlmRequest::getRequestId).collect(Collectors.toSet());
        System.out.println();
        System.out.println("Sending " + workload.size() + " requests from 3 tenants (chat, code, math, summaries, "
                + "translations, extraction; some pinned, some needing vision or long context, a few invalid)...");
        ProgressBar progress = new ProgressBar(System.out, "results", workload.size());
        long start = System.nanoTime();
        Map<String, ResultCollector.Received> results;
        try (ResultCollector collector = new ResultCollector(kafka); RequestProducer producer = new RequestProducer(kafka)) {
            for (LlmRequest request : workload) {
                request.setCreatedAtMs(Instant.now());
                producer.send(request);
            }
            producer.flush();
            results = collector.await(ids, timeout, (received, count) -> progress.update(count));
        }
        progress.finish(results.size());
        DemoReport.print(results.values(), workload.size(), (System.nanoTime() - start) / 1e9, System.out);
        if (results.size() < workload.size()) {
            System.out.println((workload.size() - results.size()) + " requests had no result within " + timeout.toSeconds() + " s.");
            return SwitchyardCli.TIMED_OUT;
        }
        return SwitchyardCli.OK;
    }
}
