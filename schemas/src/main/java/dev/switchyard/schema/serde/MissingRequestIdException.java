package dev.switchyard.schema.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A request that decodes, or partly, but has no requestId to answer under: only the dead-letter topic can take it. */
public final class MissingRequestIdException extends SerializationException {

    MissingRequestIdException(String message) {
        super(message);
    }
}
