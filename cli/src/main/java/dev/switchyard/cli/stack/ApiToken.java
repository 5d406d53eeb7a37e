package dev.switchyard.cli.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The local stack's all-tenants token for the cost API, made once per home and readable by its
 * owner only. The CLI's cost commands use it when no token is given.
 */
public final class ApiToken {

    private static final String FILE = "cost-api-tokens";

    private ApiToken() {
    }

    /** The tokens file of this home, with an all-tenants token, created if absent. */
    static Path ensure(Path home) throws IOException {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            Files.createDirectories(home);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "# tenant token (read by the local cost service; * reads every tenant)\n* "
                    + HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
        }
        return file;
    }

    /** The all-tenants token of this home's local stack, if it has one. */
    public static Optional<String> read(Path home) throws IOException {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(line -> line.startsWith("* "))
                .map(line -> line.substring(2).strip())
                .findFirst();
    }
}
