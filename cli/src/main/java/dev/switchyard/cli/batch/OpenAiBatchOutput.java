package dev.switchyard.cli.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.ToolCall;

/**
 * One terminal result as an OpenAI Batch API output line: {@code id}, {@code custom_id}, a
 * {@code response} with {@code status_code}, {@code request_id} and a chat.completion body (or
 * an error body), and {@code error}, null on success. Pipelines match lines on custom_id, since
 * the order of lines is the order results completed in.
 */
public final class OpenAiBatchOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiBatchOutput() {
    }

    public static String line(LlmResult result) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", "batch_req_" + result.getRequestId());
        line.put(OpenAiBatchInput.CUSTOM_ID, result.getMetadata().get(OpenAiBatchInput.CUSTOM_ID));
        ObjectNode response = line.putObject("response");
        response.put("status_code", statusCode(result.getStatus()));
        response.put("request_id", result.getRequestId());
        if (result.getStatus() == ResultStatus.SUCCEEDED) {
            response.set("body", completion(result));
            line.putNull("error");
        } else {
            String code = result.getError() == null ? result.getStatus().name() : result.getError().getCode();
            String message = result.getError() == null ? result.getStatus().name().toLowerCase() : result.getError().getMessage();
            ObjectNode error = response.putObject("body").putObject("error");
            error.put("message", message);
            error.put("type", result.getStatus().name().toLowerCase());
            error.put("code", code);
            ObjectNode top = line.putObject("error");
            top.put("code", code);
            top.put("message", message);
        }
        return line.toString();
    }

    private static ObjectNode completion(LlmResult result) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-" + result.getRequestId());
        body.put("object", "chat.completion");
        body.put("created", result.getCompletedAtMs().getEpochSecond());
        body.put("model", result.getModel());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        boolean onlyCalls = !result.getToolCalls().isEmpty() && (result.getContent() == null || result.getContent().isEmpty());
        message.put("content", onlyCalls ? null : result.getContent());
        if (!result.getToolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : result.getToolCalls()) {
                calls.addObject().put("id", call.getId()).put("type", "function")
                        .putObject("function").put("name", call.getName()).put("arguments", call.getArgumentsJson());
            }
        }
        message.putNull("refusal");
        choice.put("finish_reason", result.getFinishReason() != null ? result.getFinishReason() : "stop");
        choice.putNull("logprobs");
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", result.getInputTokens());
        usage.put("completion_tokens", result.getOutputTokens());
        usage.put("total_tokens", result.getInputTokens() + result.getOutputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", result.getCachedInputTokens());
        return body;
    }

    /** What an HTTP API would have answered for this end. */
    private static int statusCode(ResultStatus status) {
        return switch (status) {
            case SUCCEEDED -> 200;
            case REJECTED -> 400;
            case EXPIRED -> 408;
            case FAILED -> 500;
        };
    }
}
