package dev.switchyard.bench;

import dev.switchyard.cli.HomeOption;
import dev.switchyard.cli.SwitchyardCli;
import dev.switchyard.cli.client.LatencyStats;
import dev.switchyard.cli.demo.Workload;
import dev.switchyard.cli.stack.LocalStack;
import dev.switchyard.cli.stack.StackOptions;
import dev.switchyard.cli.stack.StackState;
import dev.switchyard.core.kafka.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "switchyard bench", mixinStandardHelpOptions = true,
        description = "Run a fixed workload through the whole pipeline on a stack of its own, against provider-sim (at zero "
                + "latency unless told), and in the same run the raw Kafka baseline (produce and consume of same-size records on "
                + "the same broker). Latency runs from a request's append until a read_committed reader sees its outcome. "
                + "--router-only, --executor-only, --cost-only and --classifier-only measure one part alone.")
public final class BenchCommand implements Callable<Integer> {

    /** {@code ./switchyard bench ...} runs this, on the bench module's classpath. */
    public static void main(String[] args) {
        SwitchyardCli.quietLogging();
        System.exit(new CommandLine(new BenchCommand()).setExitCodeExceptionMapper(e -> SwitchyardCli.FAILED).execute(args));
    }

    @Mixin
    HomeOption home;

    @Option(names = "--requests", defaultValue = "20000", description = "Measured requests, all at once; 0 skips that run (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "2000", description = "Unmeasured requests first, to warm the JITs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--latency-rate", defaultValue = "500",
            description = "Requests/s of the paced latency runs, below capacity so latency is not queueing; 0 skips them "
                    + "(default: ${DEFAULT-VALUE}).")
    int latencyRate;

    @Option(names = "--latency-requests", defaultValue = "5000", description = "Requests of each paced run (default: ${DEFAULT-VALUE}).")
    int latencyRequests;

    @Option(names = "--latency-warmup-seconds", defaultValue = "60", description = "Seconds of traffic at "
            + "--latency-rate sent first, through the same client, and not measured: latency is measured in the steady state, "
            + "after the settling after the throughput burst, and after the JIT compilers of the router and the broker have "
            + "recompiled for paced traffic, which takes them 30-40 s on two shared cores (default: ${DEFAULT-VALUE}).")
    int latencyWarmupSeconds;

    @Option(names = "--router-only", description = "Measure the router alone (Kafka and the router, nothing else running): "
            + "throughput, and routing latency at --latency-rate.")
    boolean routerOnly;

    @Option(names = "--backlog", defaultValue = "400000", description = "In --router-only, requests written to Kafka before "
            + "the router starts, then drained by it with nothing else running: the router's own rate, free of the benchmark "
            + "client's share of the cores. It also warms the router's JIT for the burst after it, which otherwise measures a "
            + "router still compiling; 0 skips it (default: ${DEFAULT-VALUE}).")
    int backlog;

    @Option(names = "--router-arg", description = "A setting of the router, e.g. --switchyard.router.commit-interval-ms=1000; "
            + "repeatable.")
    List<String> routerArgs = List.of();

    @Option(names = "--executor-arg", description = "A setting of the executor in the pipeline run, e.g. "
            + "--switchyard.executor.commit-interval=100ms; repeatable.")
    List<String> executorArgs = List.of();

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of each topic in the pipeline run, as "
            + "switchyard up --partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--cost-arg", description = "A setting of the cost service in the pipeline run, e.g. "
            + "--switchyard.cost.commit-interval-ms=1000; repeatable.")
    List<String> costArgs = List.of();

    @Option(names = "--provider-latency-ms", defaultValue = "0", description = "provider-sim's answer time in the pipeline run "
            + "(default: ${DEFAULT-VALUE}).")
    int providerLatencyMs;

    @Option(names = "--provider-jitter-ms", defaultValue = "0", description = "provider-sim's answer time varies uniformly by this "
            + "much either way in the pipeline run (default: ${DEFAULT-VALUE}).")
    int providerJitterMs;

    @Option(names = "--cost-only", description = "Measure the cost service alone (Kafka and the cost service): usage events "
            + "aggregated per second, from the first write until the service has committed past the last.")
    boolean costOnly;

    @Option(names = "--usage-events", defaultValue = "500000", description = "Usage events of the --cost-only run (default: ${DEFAULT-VALUE}).")
    int usageEvents;

    @Option(names = "--executor-only", description = "Measure one executor alone (Kafka, provider-sim at --sim-latency-ms and "
            + "an executor with --executor-heap): calls held in flight, heap, results per second.")
    boolean executorOnly;

    @Option(names = "--work-items", defaultValue = "60000", description = "Work items of the --executor-only run (default: ${DEFAULT-VALUE}).")
    int workItems;

    @Option(names = "--executor-warmup", defaultValue = "20000", description = "Unmeasured work items before the --executor-only "
            + "run: enough for the executor to open its connections (one per call in flight) and compile its call path, so that "
            + "the run measures the steady state rather than the ramp (default: ${DEFAULT-VALUE}).")
    int executorWarmup;

    @Option(names = "--sim-latency-ms", defaultValue = "2000", description = "provider-sim's latency in the --executor-only run "
            + "(default: ${DEFAULT-VALUE}).")
    int simLatencyMs;

    @Option(names = "--max-in-flight", defaultValue = "10500", description = "The executor's in-flight bound in the --executor-only "
            + "run: just above the goal of 10,000, since each call in flight holds heap (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--executor-heap", defaultValue = "512m", description = "The executor's -Xmx in the --executor-only run "
            + "(default: ${DEFAULT-VALUE}).")
    String executorHeap;

    @Option(names = "--sim-heap", defaultValue = "2g", description = "provider-sim's -Xmx in the --executor-only run. It stands "
            + "in for providers on other machines, whose memory is not the executor's budget, and it shares the executor's "
            + "cores: room to collect rarely (default: ${DEFAULT-VALUE}).")
    String simHeap;

    @Option(names = "--executor-jvm-option", description = "A JVM option of the executor in the --executor-only run, e.g. "
            + "-XX:+UseZGC; repeatable.")
    List<String> executorJvmOptions = List.of();

    @Option(names = "--classifier-only", description = "Measure the classifiers alone, on this one thread (one core), with no "
            + "Kafka: the learned and the rule-based classifier on the bundled corpus's distinct prompts of up to 2,000 "
            + "characters, latency and the learned one's added resident memory, in the same run.")
    boolean classifierOnly;

    @Override
    public Integer call() throws Exception {
        if (classifierOnly) {
            ClassifierBench.run(System.out);
            return SwitchyardCli.OK;
        }
        if (routerOnly) {
            return routerOnly();
        }
        if (costOnly) {
            return costOnly();
        }
        if (executorOnly) {
            return executorOnly();
        }
        return pipeline();
    }

    /**
     * The whole pipeline on a stack of its own: throughput all at once, then latency paced, each
     * against raw Kafka in the same run, every latency until a read_committed reader sees the
     * outcome, and the paced run broken into its parts.
     */
    private Integer pipeline() throws Exception {
        StackOptions defaults = new StackOptions(null, 0, 6, 0, "");
        Map<String, StackOptions.Tuning> tunings = Map.of(
                "router", defaults.tuning("router").withArgs(routerArgs),
                "executor", defaults.tuning("executor").withArgs(executorArgs),
                "cost", defaults.tuning("cost").withArgs(costArgs));
        return onOwnStack("runs a stack of its own", new StackOptions(null, 0, partitions, 0, "", StackOptions.ALL, tunings), (stack, local) -> {
            setSimLatency(stack.simUrl(), providerLatencyMs, providerJitterMs);
            KafkaSettings kafka = new KafkaSettings(stack.bootstrapServers(), "", "");
            RouterBench.stampAppendTimes(kafka);
            int recordBytes = kafka.topics().requests.valueSerde().serializer()
                    .serialize("size", Workload.generate("size", 1, 1).getFirst()).length;
            String provider = providerLatencyMs == 0 && providerJitterMs == 0 ? "0 ms"
                    : providerLatencyMs + " ms +- " + providerJitterMs;

            System.out.println("Warm-up: " + warmup + " requests through the pipeline...");
            PipelineBench.run(kafka, "warm", 0, warmup, 0);
            KafkaBaseline.Outcome baseline = null;
            PipelineBench.Outcome burst = null;
            if (requests > 0) {
                System.out.println("Throughput, all at once: " + requests + " records of " + recordBytes + " B on the raw broker, then "
                        + requests + " requests through router -> executor -> provider-sim (" + provider + ") -> results...");
                baseline = KafkaBaseline.run(kafka, requests, recordBytes, partitions, 0);
                burst = PipelineBench.run(kafka, "burst", 0, requests, 0);
            }
            KafkaBaseline.Outcome pacedBaseline = null;
            PipelineBench.Outcome paced = null;
            if (latencyRate > 0) {
                System.out.println("Latency, paced at " + latencyRate + " requests/s: " + latencyRequests + " records on the raw broker, "
                        + "then " + latencyRequests + " requests through the pipeline after " + latencyWarmupSeconds
                        + " s at that rate unmeasured...");
                pacedBaseline = KafkaBaseline.run(kafka, latencyRequests, recordBytes, partitions, latencyRate);
                paced = PipelineBench.run(kafka, "paced", latencyWarmupSeconds * latencyRate, latencyRequests, latencyRate);
            }

            System.out.printf("%nprovider-sim answering in %s; latency from the request's append until a read_committed reader "
                    + "sees the outcome%n", provider);
            System.out.printf("%-38s %10s %12s %10s %10s %10s%n", "", "records", "per second", "p50 ms", "p99 ms", "p99.9 ms");
            if (burst != null) {
                print("raw Kafka, all at once", baseline.records(), baseline.perSecond(), baseline.latency());
                print("pipeline, all at once", burst.results(), burst.perSecond(), burst.endToEnd());
            }
            if (paced != null) {
                print("raw Kafka, paced", pacedBaseline.records(), pacedBaseline.perSecond(), pacedBaseline.latency());
                print("pipeline, paced", paced.results(), paced.perSecond(), paced.endToEnd());
                print("  added: less the provider calls", paced.results(), paced.perSecond(), paced.parts().added());
                PipelineBench.Parts parts = paced.parts();
                long first = parts.routedVisible().count();
                System.out.printf("%nparts of the paced requests that succeeded at their first attempt (%d):%n", first);
                print("  1. routed and visible", first, 0, parts.routedVisible());
                print("  2. executor picked up", first, 0, parts.pickedUp());
                print("  3. provider call", first, 0, parts.providerCall());
                print("  4. result visible", first, 0, parts.resultVisible());
            }
            if (burst != null) {
                System.out.printf("%npipeline / raw Kafka throughput, all at once: %.3f%n", burst.perSecond() / baseline.perSecond());
            }
            boolean complete = (burst == null || burst.results() == requests) && (paced == null || paced.results() == latencyRequests);
            return complete ? SwitchyardCli.OK : SwitchyardCli.TIMED_OUT;
        });
    }

    private Integer routerOnly() throws Exception {
        StackOptions.Tuning router = new StackOptions(null, 0, 6, 0, "").tuning("router").withArgs(routerArgs);
        // Kafka first, alone: the router joins once the backlog is written.
        return onOwnStack("--router-only runs Kafka and the router alone", new StackOptions(null, 0, 6, 0, "", Set.of(),
                        Map.of("router", router)),
                (kafkaOnly, local) -> {
                    KafkaSettings kafka = new KafkaSettings(kafkaOnly.bootstrapServers(), "", "");
                    RouterBench.stampAppendTimes(kafka);
                    AutoCloseable modelStats = RouterBench.publishModelStats(kafka); // a daemon: gone with the bench if it fails
                    RouterBench.Backlog drained = null;
                    AtomicReference<StackState> withRouter = new AtomicReference<>();
                    if (backlog > 0) {
                        System.out.println("Backlog: " + backlog + " requests written first, then drained by a router started after...");
                        drained = RouterBench.backlog(kafka, backlog, () -> withRouter.set(addRouter(local, kafkaOnly)));
                    } else {
                        withRouter.set(addRouter(local, kafkaOnly));
                    }
                    System.out.println("Warm-up: " + warmup + " requests...");
                    RouterBench.run(kafka, "warm", warmup, 0);
                    System.out.println("Throughput: " + requests + " requests at once...");
                    RouterBench.Outcome burst = RouterBench.run(kafka, "burst", requests, 0);
                    System.out.println("Latency: " + latencyRequests + " requests at " + latencyRate + " requests/s, after "
                            + latencyWarmupSeconds + " s at that rate unmeasured...");
                    RouterBench.Outcome paced = RouterBench.run(kafka, "paced", latencyWarmupSeconds * latencyRate, latencyRequests,
                            latencyRate, jvms(withRouter.get(), "router"));
                    System.out.println("Baseline: the same paced run through a Kafka Streams hop that routes nothing, with the "
                            + "router's settings, in the router's place...");
                    List<String> baselineArgs = new ArrayList<>(List.of(kafkaOnly.bootstrapServers(),
                            local.home().resolve("state/baseline").toString()));
                    baselineArgs.addAll(routerArgs);
                    StackState withBaseline = local.replace(withRouter.get(), "router", "baseline", StreamsBaseline.class.getName(),
                            baselineArgs);
                    RouterBench.awaitCommitted(kafka, StreamsBaseline.APPLICATION_ID);
                    RouterBench.Outcome baseline = RouterBench.run(kafka, "baseline", latencyWarmupSeconds * latencyRate,
                            latencyRequests, latencyRate, jvms(withBaseline, "baseline"));
                    System.out.println();
                    if (drained != null) {
                        System.out.printf("%-38s %10s %12s %12s%n", "", "requests", "per second", "steady /s");
                        System.out.printf("%-38s %10d %12.0f %12.0f%n", "backlog, drained by the router alone", drained.records(),
                                drained.perSecond(), drained.steadyPerSecond());
                        System.out.println();
                    }
                    System.out.printf("%-38s %10s %12s %10s %10s %10s%n", "", "requests", "per second", "p50 ms", "p99 ms", "p99.9 ms");
                    printRouter("all at once, append to append", burst, burst.appendToAppend());
                    printRouter("paced, one hop, append to append", paced, paced.appendToAppend());
                    printRouter("paced, until visible (committed)", paced, paced.visible());
                    printRouter("baseline hop, append to append", baseline, baseline.appendToAppend());
                    double baselineP99 = baseline.appendToAppend().percentileMillis(99);
                    if (baselineP99 > 0) {
                        System.out.printf("%nrouter hop / baseline hop, p99: %.2f%n", paced.appendToAppend().percentileMillis(99) / baselineP99);
                    }
                    printCompiling("paced", paced);
                    printCompiling("baseline hop", baseline);
                    modelStats.close();
                    return burst.records() == requests ? SwitchyardCli.OK : SwitchyardCli.TIMED_OUT;
                });
    }

    /** The broker and the hop under measurement, whose JIT compilers share the cores with it. */
    private static Map<String, Long> jvms(StackState stack, String hop) {
        Map<String, Long> jvms = new LinkedHashMap<>();
        for (String name : List.of("kafka", hop)) {
            if (stack.pids().containsKey(name)) {
                jvms.put(name, stack.pids().get(name));
            }
        }
        return jvms;
    }

    private static void printCompiling(String run, RouterBench.Outcome outcome) {
        if (!outcome.compiling().isEmpty()) {
            System.out.println("JIT compiling while " + run + " was measured, s: " + outcome.compiling().entrySet().stream()
                    .map(jvm -> String.format("%s %.2f", jvm.getKey(), jvm.getValue())).collect(Collectors.joining(", ")));
        }
    }

    private static StackState addRouter(LocalStack local, StackState kafkaOnly) {
        try {
            return local.add(kafkaOnly, "router");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the router started", e);
        }
    }

    private Integer costOnly() throws Exception {
        return onOwnStack("--cost-only runs Kafka and the cost service alone", new StackOptions(null, 0, 6, 0, "", Set.of("cost")),
                (stack, local) -> {
                    KafkaSettings kafka = new KafkaSettings(stack.bootstrapServers(), "", "");
                    System.out.println("Warm-up: " + warmup * 10 + " usage events...");
                    CostBench.run(kafka, "warm", warmup * 10);
                    System.out.println("Throughput: " + usageEvents + " usage events at once...");
                    CostBench.Outcome outcome = CostBench.run(kafka, "burst", usageEvents);
                    System.out.printf("%n%-34s %10s %12s%n", "", "events", "per second");
                    System.out.printf("%-34s %10d %12.0f%n", "usage events, written to counted", outcome.events(), outcome.perSecond());
                    return SwitchyardCli.OK;
                });
    }

    /**
     * provider-sim stands in for providers on other machines, yet runs on the cores the executor
     * is measured on. Its 10,000 pending answers live for the calls' seconds: the parallel
     * collector with a large young generation collects it rarely.
     */
    private static final List<String> SIM_JVM_OPTIONS = List.of("-XX:+UseParallelGC", "-Xmn1g");

    private Integer executorOnly() throws Exception {
        // One provider, with in-flight room just above the goal: each call in flight holds heap.
        List<String> executorJvm = new ArrayList<>(StackOptions.defaultJvmOptions("executor"));
        executorJvm.addAll(executorJvmOptions);
        StackOptions.Tuning executor = new StackOptions.Tuning(executorHeap, executorJvm, List.of(
                "--switchyard.executor.providers=" + ExecutorBench.PROVIDER,
                "--switchyard.executor.max-in-flight=" + maxInFlight,
                "--switchyard.executor.max-idle-connections=" + maxInFlight));
        return onOwnStack("--executor-only runs Kafka, provider-sim and one executor alone", new StackOptions(null, 0, 6, simLatencyMs,
                "", Set.of("provider-sim", "executor"), Map.of("executor", executor,
                "provider-sim", new StackOptions.Tuning(simHeap, SIM_JVM_OPTIONS, List.of()))), (stack, local) -> {
            KafkaSettings kafka = new KafkaSettings(stack.bootstrapServers(), "", "");
            String executorUrl = "http://127.0.0.1:" + stack.ports().get("executor");
            System.out.println("Warm-up: " + executorWarmup + " work items...");
            ExecutorBench.run(kafka, executorUrl, "warm", executorWarmup);
            System.out.println("Measured: " + workItems + " work items at once, provider-sim at " + simLatencyMs + " ms...");
            ExecutorBench.Outcome outcome = ExecutorBench.run(kafka, executorUrl, "burst", workItems);
            System.out.printf("%n%-20s %10s %12s %12s %14s %15s %13s %14s %10s%n", "", "results", "per second", "steady /s",
                    "max in flight", "mean in flight", "mean call ms", "max heap MiB", "succeeded");
            System.out.printf("%-20s %10d %12.0f %12.0f %14d %15d %13.0f %14d %10d%n", "executor, -Xmx" + executorHeap,
                    outcome.results(), outcome.perSecond(), outcome.steadyPerSecond(), outcome.maxInFlight(), outcome.meanInFlight(),
                    outcome.meanCallMillis(), outcome.maxHeapBytes() / (1024 * 1024), outcome.succeeded());
            if (!outcome.failures().isEmpty()) {
                System.out.println("failed attempts by outcome: " + outcome.failures());
            }
            return outcome.results() == workItems ? SwitchyardCli.OK : SwitchyardCli.TIMED_OUT;
        });
    }

    private interface OnStack {
        Integer run(StackState stack, LocalStack local) throws Exception;
    }

    /**
     * Runs a single-service benchmark on a stack of its own, which is stopped afterwards, and
     * refuses while the home's stack runs, so that nothing else competes for the cores.
     *
     * @param layout the stack's layout, in any home: it runs in the benchmark's own
     */
    private Integer onOwnStack(String what, StackOptions layout, OnStack body) throws Exception {
        if (LocalStack.running(home.home()).isPresent()) {
            System.err.println("switchyard bench " + what + "; stop the running stack first (switchyard down), so that nothing "
                    + "else competes for the cores.");
            return SwitchyardCli.USAGE;
        }
        Path benchHome = freshBenchHome();
        LocalStack local = new LocalStack(layout.in(benchHome), System.out);
        StackState stack = local.up();
        try {
            return body.run(stack, local);
        } finally {
            LocalStack.down(benchHome, System.out);
        }
    }

    /**
     * A stack of its own for the single-service benchmarks, emptied first: its synthetic tenants
     * and usage never mix with the data of the stack in {@code --home}, and each run starts equal.
     */
    private Path freshBenchHome() throws IOException {
        Path benchHome = home.home().resolve("bench");
        if (Files.exists(benchHome)) {
            try (var files = Files.walk(benchHome)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return benchHome;
    }

    private static void printRouter(String label, RouterBench.Outcome outcome, LatencyStats latency) {
        System.out.printf("%-38s %10d %12.0f %10.1f %10.1f %10.1f%n", label, outcome.records(), outcome.perSecond(),
                latency.percentileMillis(50), latency.percentileMillis(99), latency.percentileMillis(99.9));
    }

    private static void print(String label, long records, double perSecond, LatencyStats latency) {
        System.out.printf("%-38s %10d %12s %10.1f %10.1f %10.1f%n", label, records, perSecond > 0 ? String.format("%.0f", perSecond) : "",
                latency.percentileMillis(50), latency.percentileMillis(99), latency.percentileMillis(99.9));
    }

    private static void setSimLatency(String simUrl, int latencyMs, int jitterMs) throws Exception {
        String knobs = "{\"latencyMs\": " + latencyMs + ", \"jitterMs\": " + jitterMs + "}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simUrl + "/admin/knobs/_default"))
                .PUT(HttpRequest.BodyPublishers.ofString(knobs)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("provider-sim refused the knobs " + knobs + ": " + response.body());
        }
    }
}
