package dev.switchyard.cli.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@code up} lays out a local stack.
 *
 * @param home        where data, logs and the state file go
 * @param kafkaPort   the broker's client port; 0 picks a free one
 * @param partitions  partitions per topic: six lets the demo spread over several stream tasks
 *                    and executor consumers without making the single broker slow to start
 * @param simLatencyMs the simulator's median answer time: 0 for benchmarks, a little for demos
 * @param catalogPath the model catalog; blank means the built-in default
 * @param components  what to start besides Kafka, from {@link #ALL}; the router-only benchmark
 *                    starts the router alone, so nothing else competes for the cores
 * @param tuning      per service, a heap size and extra settings in place of the defaults
 *                    (benchmarks that hold a service to a heap budget)
 */
public record StackOptions(Path home, int kafkaPort, int partitions, int simLatencyMs, String catalogPath, Set<String> components,
                           Map<String, Tuning> tuning) {

    public static final Set<String> ALL = Set.of("provider-sim", "router", "executor", "cost");
    static final String DEFAULT_HEAP = "768m";

    public StackOptions(Path home, int kafkaPort, int partitions, int simLatencyMs, String catalogPath) {
        this(home, kafkaPort, partitions, simLatencyMs, catalogPath, ALL);
    }

    public StackOptions(Path home, int kafkaPort, int partitions, int simLatencyMs, String catalogPath, Set<String> components) {
        this(home, kafkaPort, partitions, simLatencyMs, catalogPath, components, Map.of());
    }

    /** The same layout in another home. */
    public StackOptions in(Path otherHome) {
        return new StackOptions(otherHome, kafkaPort, partitions, simLatencyMs, catalogPath, components, tuning);
    }

    public Tuning tuning(String service) {
        return tuning.getOrDefault(service, new Tuning(DEFAULT_HEAPS.getOrDefault(service, DEFAULT_HEAP),
                defaultJvmOptions(service), List.of()));
    }

    /** provider-sim holds little but the calls it is answering. */
    private static final Map<String, String> DEFAULT_HEAPS = Map.of("provider-sim", "512m");

    /**
     * The executor's heap is mostly calls in flight, so its collections often find little free
     * heap, and the JVM then clears soft references that were read moments before. The OpenAI
     * SDK reads its params class by Kotlin reflection on every call, and kotlin-reflect caches
     * that behind soft references: cleared, it was rebuilt on every call (28% of the executor's
     * allocation at 2,000 calls/s). Kept until the heap is really short, it costs nothing.
     * The images set the same flag.
     */
    public static final String EXECUTOR_SOFT_REFERENCES = "-XX:SoftRefLRUPolicyMSPerMB=1000000";

    /**
     * The router is on every request's path, so it gets a fixed heap and a short pause goal: G1's
     * default of 200 ms lets young collections grow to tens of milliseconds, which routed requests
     * then wait out.
     */
    private static final Map<String, List<String>> DEFAULT_JVM_OPTIONS = Map.of(
            "router", List.of("-Xms" + DEFAULT_HEAP, "-XX:MaxGCPauseMillis=10"),
            "executor", List.of(EXECUTOR_SOFT_REFERENCES));

    /** The default JVM options of a service, which a {@link Tuning} replaces. */
    public static List<String> defaultJvmOptions(String service) {
        return DEFAULT_JVM_OPTIONS.getOrDefault(service, List.of());
    }

    /**
     * @param heap    the JVM's -Xmx
     * @param jvmArgs extra JVM options (a collector, say)
     * @param args    extra Spring Boot arguments, after the stack's own
     */
    public record Tuning(String heap, List<String> jvmArgs, List<String> args) {

        public Tuning withArgs(List<String> more) {
            List<String> all = new java.util.ArrayList<>(args);
            all.addAll(more);
            return new Tuning(heap, jvmArgs, List.copyOf(all));
        }
    }
}
