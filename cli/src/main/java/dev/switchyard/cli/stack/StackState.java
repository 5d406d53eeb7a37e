package dev.switchyard.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code switchyard up} started, written to {@code <home>/stack.properties} so that
 * {@code down}, {@code status} and every client command find the same stack.
 *
 * @param pids process id per component, in start order
 */
public record StackState(String bootstrapServers, String simUrl, Map<String, Long> pids, Map<String, Integer> ports) {

    private static final String FILE = "stack.properties";

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
        for (String component : props.getProperty("components", "").split(",")) {
            if (!component.isBlank()) {
                pids.put(component, Long.parseLong(props.getProperty("pid." + component)));
                String port = props.getProperty("port." + component);
                if (port != null) {
                    ports.put(component, Integer.parseInt(port));
                }
            }
        }
        return Optional.of(new StackState(props.getProperty("bootstrap.servers"), props.getProperty("sim.url"), pids, ports));
    }

    public void write(Path home) throws IOException {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrapServers);
        props.setProperty("sim.url", simUrl);
        props.setProperty("components", String.join(",", pids.keySet()));
        pids.forEach((component, pid) -> props.setProperty("pid." + component, Long.toString(pid)));
        ports.forEach((component, port) -> props.setProperty("port." + component, Integer.toString(port)));
        Files.createDirectories(home);
        try (Writer out = Files.newBufferedWriter(home.resolve(FILE))) {
            props.store(out, "written by switchyard up; read by down, status and the client commands");
        }
    }

    public static void delete(Path home) throws IOException {
        Files.deleteIfExists(home.resolve(FILE));
    }

    /** Components whose process is still alive, in start order. */
    public List<String> alive() {
        List<String> alive = new ArrayList<>();
        pids.forEach((component, pid) -> {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                alive.add(component);
            }
        });
        return alive;
    }
}
