package dev.switchyard.cost.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every {@code /api/**} query needs a bearer token; the caller it names is put on the request
 * for the controllers' tenant checks. With no token configured at all, the API refuses
 * everything rather than serving every tenant to anyone.
 */
public final class BearerAuth implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;

    public BearerAuth(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        Optional<Caller> caller = header != null && header.startsWith(BEARER)
                ? tokens.caller(header.substring(BEARER.length()).strip())
                : Optional.empty();
        if (caller.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchyard\"");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            String reason = tokens.isEmpty() ? "no API tokens are configured (switchyard.cost.api.tokens)"
                    : header == null ? "an Authorization: Bearer token is required" : "the bearer token is not valid";
            response.getWriter().write("{\"error\":\"" + reason + "\"}");
            return false;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller.get());
        return true;
    }
}
