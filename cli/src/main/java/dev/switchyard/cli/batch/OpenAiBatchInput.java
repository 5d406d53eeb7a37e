package dev.switchyard.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.serde.TrustedRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAI Batch API input file, read unchanged: JSONL lines of {@code custom_id}, {@code method}
 * (POST), {@code url} ({@code /v1/chat/completions}) and a chat-completions {@code body}. The file
 * is validated whole before anything is sent, as OpenAI's "validating" step does: one bad line
 * fails the batch with every problem listed by line number, a field Switchyard does not support
 * among them ({@link ChatBody} says which fields it carries).
 */
public final class OpenAiBatchInput {

    /** OpenAI's own cap on requests per batch file. */
    static final int MAX_LINES = 50_000;
    static final String CUSTOM_ID = "custom_id";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> URLS = Set.of("/v1/chat/completions", "/chat/completions");

    private OpenAiBatchInput() {
    }

    /** The request id of a batch line: unique per batch and custom_id, so a re-submitted file is not executed twice. */
    public static String requestId(String batchId, String customId) {
        return batchId + ":" + customId;
    }

    public static List<LlmRequest> read(Path file, String batchId, String tenantId, String userId) throws IOException {
        TrustedRecords.ensure();
        // Blank lines are skipped, but every line keeps the number it has in the file, as an editor shows it.
        List<String> fileLines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Integer> lineNumbers = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < fileLines.size(); i++) {
            if (!fileLines.get(i).isBlank()) {
                lineNumbers.add(i + 1);
                lines.add(fileLines.get(i));
            }
        }
        List<String> problems = new ArrayList<>();
        if (lines.isEmpty()) {
            problems.add("the file has no requests");
        }
        if (lines.size() > MAX_LINES) {
            problems.add("the file has " + lines.size() + " requests; a batch takes at most " + MAX_LINES);
        }
        List<LlmRequest> requests = new ArrayList<>(lines.size());
        Set<String> customIds = new HashSet<>();
        for (int i = 0; i < lines.size() && problems.size() < 20; i++) {
            String where = "line " + lineNumbers.get(i) + ": ";
            try {
                JsonNode line = JSON.readTree(lines.get(i));
                String customId = line.path(CUSTOM_ID).asText("");
                if (customId.isBlank()) {
                    problems.add(where + "custom_id is missing");
                    continue;
                }
                if (!customIds.add(customId)) {
                    problems.add(where + "custom_id '" + customId + "' appears twice");
                }
                if (!"POST".equalsIgnoreCase(line.path("method").asText())) {
                    problems.add(where + "method must be POST");
                }
                if (!URLS.contains(line.path("url").asText())) {
                    problems.add(where + "url must be /v1/chat/completions, not '" + line.path("url").asText() + "'");
                }
                LlmRequest.Builder request = LlmRequest.newBuilder()
                        .setRequestId(requestId(batchId, customId))
                        .setTenantId(tenantId).setUserId(userId)
                        .setBatchId(batchId).setBatchSize(lines.size())
                        .setMessages(List.of())
                        .setMetadata(Map.of(CUSTOM_ID, customId));
                ChatBody.read(line.path("body"), request).forEach(problem -> problems.add(where + problem));
                requests.add(request.build());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                problems.add(where + "not JSON (" + e.getOriginalMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidBatchException(file + " is not a valid batch:\n  " + String.join("\n  ", problems));
        }
        return requests;
    }

    /** The file fails validation; nothing was sent. */
    public static final class InvalidBatchException extends IllegalArgumentException {
        public InvalidBatchException(String message) {
            super(message);
        }
    }
}
