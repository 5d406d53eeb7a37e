package dev.switchyard.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Option defaults from a properties file, so that a pipeline's settings need not be repeated on
 * every command: {@code $SWITCHYARD_CONFIG}, else {@code ./switchyard.properties}, else
 * {@code ~/.switchyard.properties}. Keys are option names without dashes ({@code
 * bootstrap-servers=...}, {@code tenant=acme}, {@code cost-url=...}). Precedence: a flag, then
 * the option's environment variable, then this file, then the built-in default.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");

    private final CommandLine.PropertiesDefaultProvider file;

    ConfigFile(File file) {
        this.file = new CommandLine.PropertiesDefaultProvider(file);
    }

    static Optional<ConfigFile> find() {
        String configured = System.getenv("SWITCHYARD_CONFIG");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("SWITCHYARD_CONFIG names " + path + ", which is not a file");
            }
            return Optional.of(new ConfigFile(path.toFile()));
        }
        for (Path candidate : new Path[] {Path.of("switchyard.properties"), Path.of(System.getProperty("user.home"), ".switchyard.properties")}) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(new ConfigFile(candidate.toFile()));
            }
        }
        return Optional.empty();
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) throws Exception {
        String annotated = argSpec.defaultValue();
        if (annotated != null) {
            Matcher env = ENV.matcher(annotated);
            if (env.find() && System.getenv(env.group(1)) != null) {
                return null; // the environment variable wins over the file
            }
        }
        return file.defaultValue(argSpec);
    }
}
