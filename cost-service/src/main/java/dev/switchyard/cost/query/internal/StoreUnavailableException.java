package dev.switchyard.cost.query.internal;

/** The store or its owner is moving (a rebalance, a restore): 503, and the client retries. */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
