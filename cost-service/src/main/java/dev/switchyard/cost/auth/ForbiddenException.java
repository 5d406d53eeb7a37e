package dev.switchyard.cost.auth;

/** A valid token asked for another tenant's data: 403. */
public final class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
