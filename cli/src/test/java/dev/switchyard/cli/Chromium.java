package dev.switchyard.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium, the browser the dashboard is tested in. The flags keep it off the network
 * beyond the page under test: the test must not depend on network access, which a build
 * machine may not have.
 *
 * <p>The browser is found by itself: the {@code CHROMIUM} environment variable, else
 * {@code chromium}, {@code chromium-browser}, {@code google-chrome} or {@code google-chrome-stable}
 * on {@code PATH}, else the usual install locations. Where there is none, the test that needs it
 * is skipped (a JUnit assumption) with a message that says how to install one; with
 * {@code -Dswitchyard.require-browser=true} or {@code SWITCHYARD_REQUIRE_BROWSER=true} (as
 * {@code .ci/run} sets) it fails instead. A {@code CHROMIUM} that names no executable always fails:
 * it is a mistake to report, not a browser that is missing.
 */
final class Chromium {

    static final String REQUIRE_PROPERTY = "switchyard.require-browser";
    static final String REQUIRE_ENV = "SWITCHYARD_REQUIRE_BROWSER";

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");
    private static final List<String> LOCATIONS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/lib/chromium/chromium", "/snap/bin/chromium", "/usr/bin/google-chrome",
            "/usr/bin/google-chrome-stable", "/opt/google/chrome/chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");

    private Chromium() {
    }

    /**
     * The DOM after the page's scripts ran and its first refresh settled. Skips the calling test
     * where no browser is installed (fails instead when one is required; see the class comment).
     */
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

    /** The browser to run: found, or the calling test skipped (or failed, when required) with how to get one. */
    private static String binary() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String message = "No Chromium or Chrome found, so the dashboard was not rendered (looked at $CHROMIUM, "
                    + String.join(", ", NAMES) + " on PATH, and " + String.join(", ", LOCATIONS) + "). "
                    + "Install one (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) "
                    + "or set CHROMIUM=/path/to/chrome.";
            if (required()) {
                throw new AssertionError(message + " A browser is required here (-D" + REQUIRE_PROPERTY
                        + "=true or " + REQUIRE_ENV + "=true), so this is a failure, not a skip.");
            }
            Assumptions.assumeTrue(false, message + " Set " + REQUIRE_ENV + "=true (or -D" + REQUIRE_PROPERTY
                    + "=true) to make this a failure, as .ci/run does.");
        }
        return found.orElseThrow().toString();
    }

    /** True when a missing browser must fail the build (CI) rather than skip the test. */
    static boolean required() {
        return Boolean.parseBoolean(System.getProperty(REQUIRE_PROPERTY, "false").strip())
                || Boolean.parseBoolean(System.getenv().getOrDefault(REQUIRE_ENV, "false").strip());
    }

    /** The browser binary, if any; an explicit {@code CHROMIUM} that is not an executable is an error. */
    static Optional<Path> find() {
        String explicit = System.getenv().getOrDefault("CHROMIUM", "").strip();
        if (!explicit.isEmpty()) {
            Optional<Path> named = explicit.contains("/") ? executable(Path.of(explicit)) : onPath(explicit);
            return Optional.of(named.orElseThrow(() -> new AssertionError("CHROMIUM=" + explicit
                    + " is not an executable Chromium/Chrome: fix it, or unset it to look in the usual places.")));
        }
        for (String name : NAMES) {
            Optional<Path> path = onPath(name);
            if (path.isPresent()) {
                return path;
            }
        }
        for (String location : LOCATIONS) {
            Optional<Path> path = executable(Path.of(location));
            if (path.isPresent()) {
                return path;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Optional<Path> path = executable(Path.of(dir, name));
                if (path.isPresent()) {
                    return path;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
}
