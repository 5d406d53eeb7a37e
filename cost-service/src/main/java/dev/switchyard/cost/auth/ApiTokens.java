package dev.switchyard.cost.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens of the query API and the tenant each may read. Only SHA-256 digests are
 * kept in memory, so a heap dump or a debug log of this object reveals no token.
 */
public final class ApiTokens {

    private final Map<String, String> tenantByDigest = new HashMap<>();

    public ApiTokens(ApiProperties properties) {
        properties.tokens().forEach(grant -> add(grant.tenant(), grant.token()));
        if (properties.tokensFile() != null && !properties.tokensFile().isBlank()) {
            readFile(Path.of(properties.tokensFile()));
        }
    }

    public boolean isEmpty() {
        return tenantByDigest.isEmpty();
    }

    public Optional<Caller> caller(String token) {
        return Optional.ofNullable(tenantByDigest.get(digest(token))).map(Caller::new);
    }

    /** Lines of {@code <tenant> <token>}; {@code #} starts a comment. Tenant {@code *} reads every tenant. */
    private void readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API tokens file " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected '<tenant> <token>'");
            }
            add(parts[0], parts[1]);
        }
    }

    private void add(String tenant, String token) {
        if (tenant == null || tenant.isBlank() || token == null || token.length() < 16) {
            throw new IllegalArgumentException("an API token needs a tenant (or *) and at least 16 characters");
        }
        tenantByDigest.put(digest(token), tenant);
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
