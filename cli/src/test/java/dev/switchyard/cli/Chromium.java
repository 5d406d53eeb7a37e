package dev.switchyard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium, the browser the dashboard is tested in. The flags keep it off the network
 * beyond the page under test (this machine's network is closed; FIELD-NOTES / env).
 */
final class Chromium {

    private Chromium() {
    }

    /** The DOM after the page's scripts ran and its first refresh settled. */
    static String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    static void screenshot(String url, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        run(List.of("--screenshot=" + file.toAbsolutePath(), "--window-size=1400,1000", "--hide-scrollbars", url));
    }

    private static String run(List<String> arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                // Virtual time runs the page until its first refresh is done, with no wall-clock sleep.
                "--virtual-time-budget=4000"));
        command.addAll(arguments);
        Path output = Files.createTempFile("chromium", ".out");
        Process chromium = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 60 s: " + command);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private static String binary() {
        for (String candidate : List.of(System.getenv().getOrDefault("CHROMIUM", ""), "/usr/bin/chromium",
                "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (!candidate.isBlank() && Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("The dashboard test needs Chromium: install it (Debian: apt-get install chromium) "
                + "or point the CHROMIUM environment variable at it.");
    }
}
