package dev.switchyard.cli.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a component as its own JVM on this CLI's classpath, detached into its own session so
 * that it outlives the terminal, with its output in {@code <home>/logs/<name>.log}; and tells
 * and stops the processes it started.
 */
final class Launcher {

    /** Marks every process we start, so that {@code down} never signals a reused pid. */
    static final String MARKER = "-Dswitchyard.component=";

    /** How long a component gets to shut down cleanly (Kafka Streams commits, the broker syncs its logs). */
    private static final Duration GRACE = Duration.ofSeconds(30);

    /**
     * The processes this JVM started, by pid. While a child execs (setsid, then java) its
     * {@code /proc} command line is briefly empty, so a check by command line alone would call a
     * component that is starting dead; for our own children the JDK knows for sure.
     */
    private static final Map<Long, Child> CHILDREN = new ConcurrentHashMap<>();

    private record Child(String component, Process process) {
    }

    private final Path home;

    Launcher(Path home) {
        this.home = home;
    }

    Process start(Launch launch) throws IOException {
        Path logs = Files.createDirectories(home.resolve("logs"));
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(javaBinary());
        command.add(MARKER + launch.name());
        command.add("-Xmx" + launch.heap());
        command.addAll(launch.jvmArgs());
        command.add("-Dlogback.configurationFile=" + logbackConfig());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(launch.mainClass());
        command.addAll(launch.args());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(launch.name() + ".log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        Child child = new Child(launch.name(), process);
        CHILDREN.put(process.pid(), child);
        process.onExit().thenRun(() -> CHILDREN.remove(process.pid(), child));
        return process;
    }

    /** Runs a short-lived tool to completion; its output goes to the named log. */
    int run(String name, String mainClass, List<String> args) throws IOException, InterruptedException {
        Process process = start(new Launch(name, "256m", List.of(), mainClass, args, ""));
        return process.waitFor();
    }

    /** Whether this pid is alive and still the component we started under it, not a reused pid. */
    static boolean isRunning(String component, long pid) {
        return ours(component, pid).isPresent();
    }

    /**
     * Stops one component, if that pid is still the one we started: SIGTERM, and SIGKILL if it has
     * not exited after the grace period. Returns once it is gone, so its ports are free again.
     */
    static void stop(String component, long pid, PrintStream out) throws InterruptedException {
        Optional<ProcessHandle> process = ours(component, pid);
        if (process.isEmpty()) {
            return;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            out.printf("  %-13s did not stop within %d s; killing it%n", component, GRACE.toSeconds());
            process.get().destroyForcibly();
            try {
                process.get().onExit().get(GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException stuck) {
                out.printf("  %-13s still not gone after SIGKILL (pid %d)%n", component, pid);
                return;
            }
        }
        out.printf("  %-13s stopped (pid %d)%n", component, pid);
    }

    /**
     * The marker is followed by the next option, so "router" never matches another component's
     * name. A process without a command line is not ours: a killed one stays a zombie, "alive"
     * with an empty command line, until init reaps it, a second or two later.
     */
    private static Optional<ProcessHandle> ours(String component, long pid) {
        Child child = CHILDREN.get(pid);
        if (child != null) {
            ProcessHandle handle = child.process().toHandle();
            return child.component().equals(component) && child.process().isAlive() && handle.isAlive()
                    ? Optional.of(handle) : Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(MARKER + component + " ")).orElse(false));
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** INFO to the component's log, Kafka's chatter at WARN: written once per home. */
    private Path logbackConfig() throws IOException {
        Path config = home.resolve("logback.xml");
        if (!Files.exists(config)) {
            Files.writeString(config, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="org.apache.kafka" level="WARN"/>
                      <logger name="kafka" level="INFO"/>
                      <logger name="state.change.logger" level="WARN"/>
                      <root level="INFO"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
        }
        return config;
    }
}
