package dev.switchyard.sim;

/**
 * A failure the simulator answers with instead of a completion, in protocol-neutral terms;
 * each protocol renders it in its own error format.
 *
 * @param retryAfterSeconds for 429 only, else -1
 */
record Fault(int status, Kind kind, String message, int retryAfterSeconds) {

    enum Kind { RATE_LIMITED, SERVER_ERROR, OVERLOADED, CONTEXT_LENGTH, AUTH, BAD_REQUEST }

    static Fault badRequest(String message) {
        return new Fault(400, Kind.BAD_REQUEST, message, -1);
    }
}
