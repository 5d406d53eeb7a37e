package dev.switchyard.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code switchyard up} started, written to {@code <home>/stack.properties} so that
 * {@code down}, {@code status} and every client command find the same stack.
 *
 * @param pids     process id per component, in start order
 * @param launches how each component was started, so that it can be started again the same way;
 *                 empty in a state file written before launches were kept
 */
public record StackState(String bootstrapServers, String simUrl, Map<String, Long> pids, Map<String, Integer> ports,
                         Map<String, Launch> launches) {

    private static final String FILE = "stack.properties";

    /** Nothing started yet. */
    static StackState empty() {
        return new StackState("", "", Map.of(), Map.of(), Map.of());
    }

    public static Optional<StackState> read(Path home) throws IOException {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        Map<String, Launch> launches = new LinkedHashMap<>();
        for (String component : props.getProperty("components", "").split(",")) {
            if (!component.isBlank()) {
                pids.put(component, Long.parseLong(props.getProperty("pid." + component)));
                String port = props.getProperty("port." + component);
                if (port != null) {
                    ports.put(component, Integer.parseInt(port));
                }
                Launch launch = Launch.readFrom(props, component);
                if (launch != null) {
                    launches.put(component, launch);
                }
            }
        }
        return Optional.of(new StackState(props.getProperty("bootstrap.servers"), props.getProperty("sim.url"), pids, ports,
                launches));
    }

    public void write(Path home) throws IOException {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrapServers);
        props.setProperty("sim.url", simUrl);
        props.setProperty("components", String.join(",", pids.keySet()));
        pids.forEach((component, pid) -> props.setProperty("pid." + component, Long.toString(pid)));
        ports.forEach((component, port) -> props.setProperty("port." + component, Integer.toString(port)));
        launches.values().forEach(launch -> launch.writeTo(props));
        Files.createDirectories(home);
        try (Writer out = Files.newBufferedWriter(home.resolve(FILE))) {
            props.store(out, "written by switchyard up; read by down, status and the client commands");
        }
    }

    public static void delete(Path home) throws IOException {
        Files.deleteIfExists(home.resolve(FILE));
    }

    /** Whether the component's process is alive (and still ours, not a reused pid). */
    public boolean isAlive(String component) {
        Long pid = pids.get(component);
        return pid != null && Launcher.isRunning(component, pid);
    }

    /** Components whose process is still alive, in start order. */
    public List<String> alive() {
        return pids.keySet().stream().filter(this::isAlive).toList();
    }

    /** Components whose process has died, in start order. */
    public List<String> dead() {
        return pids.keySet().stream().filter(component -> !isAlive(component)).toList();
    }

    /**
     * What the component's health endpoint says now ("UP", "DOWN", "no answer"); empty when it
     * has none (the broker) or the state file predates recorded launches.
     */
    public Optional<String> health(String component) throws InterruptedException {
        return Readiness.health(this, component);
    }

    /** This state with one more component started, or one started again under a new pid. */
    StackState with(Launch launch, long pid, Integer port) {
        Map<String, Long> morePids = new LinkedHashMap<>(pids);
        Map<String, Integer> morePorts = new LinkedHashMap<>(ports);
        Map<String, Launch> moreLaunches = new LinkedHashMap<>(launches);
        morePids.put(launch.name(), pid);
        if (port != null) {
            morePorts.put(launch.name(), port);
        }
        moreLaunches.put(launch.name(), launch);
        return new StackState(bootstrapServers, simUrl, morePids, morePorts, moreLaunches);
    }

    /** This state without a component, which was stopped for good. */
    StackState without(String component) {
        Map<String, Long> fewerPids = new LinkedHashMap<>(pids);
        Map<String, Integer> fewerPorts = new LinkedHashMap<>(ports);
        Map<String, Launch> fewerLaunches = new LinkedHashMap<>(launches);
        fewerPids.remove(component);
        fewerPorts.remove(component);
        fewerLaunches.remove(component);
        return new StackState(bootstrapServers, simUrl, fewerPids, fewerPorts, fewerLaunches);
    }

    StackState withBootstrapServers(String bootstrap) {
        return new StackState(bootstrap, simUrl, pids, ports, launches);
    }

    StackState withSimUrl(String url) {
        return new StackState(bootstrapServers, url, pids, ports, launches);
    }
}
