package dev.switchyard.schema.serde;

import dev.switchyard.schema.LlmRequest;

/**
 * A record of {@code llm.requests} as far as it could be read. A request whose requestId can be
 * read is answered, never dead-lettered (docs/CONTRACT.md, Guarantee 1): when the rest does not match
 * {@code LlmRequest}, {@code problem} names the field and {@code request} holds what was readable
 * (see {@link RequestShell}), for the router to reject under its requestId.
 *
 * @param problem null when the record is a whole {@code LlmRequest}
 */
public record ReadRequest(LlmRequest request, String problem) {

    static ReadRequest whole(LlmRequest request) {
        return new ReadRequest(request, null);
    }

    public boolean whole() {
        return problem == null;
    }
}
