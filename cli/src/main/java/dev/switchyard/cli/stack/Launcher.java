package dev.switchyard.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a component as its own JVM on this CLI's classpath, detached into its own session so
 * that it outlives the terminal, with its output in {@code <home>/logs/<name>.log}.
 */
final class Launcher {

    /** Marks every process we start, so that {@code down} never signals a reused pid. */
    static final String MARKER = "-Dswitchyard.component=";

    private final Path home;

    Launcher(Path home) {
        this.home = home;
    }

    Process start(String name, String heap, List<String> jvmArgs, String mainClass, List<String> args) throws IOException {
        Path logs = Files.createDirectories(home.resolve("logs"));
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(javaBinary());
        command.add(MARKER + name);
        command.add("-Xmx" + heap);
        command.addAll(jvmArgs);
        command.add("-Dlogback.configurationFile=" + logbackConfig());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    /** Runs a short-lived tool to completion; its output goes to the named log. */
    int run(String name, String mainClass, List<String> args) throws IOException, InterruptedException {
        Process process = start(name, "256m", List.of(), mainClass, args);
        return process.waitFor();
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
