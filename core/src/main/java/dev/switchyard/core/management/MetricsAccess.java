package dev.switchyard.core.management;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Who may read a service's actuator endpoints other than health. Metrics name tenants, models
 * and providers, and show the traffic of each, so they need not be open to anyone who can reach
 * the port: with a token file set ({@code switchyard.management.token-file}), every
 * {@code /actuator/**} request except {@code /actuator/health} (liveness and readiness probes)
 * needs {@code Authorization: Bearer <token>}, as Prometheus sends with {@code authorization:
 * credentials_file}. Without one, the endpoints are open, as Spring Boot leaves them; an operator
 * may then keep them off the network instead, with {@code management.server.port} and
 * {@code management.server.address}.
 *
 * <p>The token comes from a file, not a property, so that it is not on a command line; it is
 * compared in constant time.
 */
public final class MetricsAccess implements Filter {

    private static final String ACTUATOR = "/actuator";
    private static final String HEALTH = "/actuator/health";

    private final byte[] token;

    private MetricsAccess(byte[] token) {
        this.token = token;
    }

    /** Open endpoints when {@code tokenFile} is blank, else protected by the file's token (its first line). */
    public static MetricsAccess fromTokenFile(String tokenFile) throws IOException {
        if (tokenFile == null || tokenFile.isBlank()) {
            return new MetricsAccess(null);
        }
        String token = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (token.length() < 16) {
            throw new IllegalArgumentException("switchyard.management.token-file " + tokenFile
                    + ": the token must be at least 16 characters");
        }
        return new MetricsAccess(token.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isProtected() {
        return token != null;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String path = http.getRequestURI().substring(http.getContextPath().length());
        if (token == null || !isActuator(path) || isHealth(path) || presents(http)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse refused = (HttpServletResponse) response;
        refused.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        refused.setHeader("WWW-Authenticate", "Bearer realm=\"switchyard-management\"");
        refused.setContentType("application/json");
        refused.getWriter().write("{\"error\":\"the actuator needs Authorization: Bearer <the token of switchyard.management.token-file>\"}");
    }

    private static boolean isActuator(String path) {
        return path.equals(ACTUATOR) || path.startsWith(ACTUATOR + "/");
    }

    private static boolean isHealth(String path) {
        return path.equals(HEALTH) || path.startsWith(HEALTH + "/");
    }

    private boolean presents(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
    }
}
