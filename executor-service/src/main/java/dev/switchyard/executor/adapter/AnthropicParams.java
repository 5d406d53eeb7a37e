package dev.switchyard.executor.adapter;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.ImageBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoice;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolChoiceAuto;
import com.anthropic.models.messages.ToolChoiceNone;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.anthropic.models.messages.UrlImageSource;
import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.ResponseFormatType;
import dev.switchyard.schema.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A {@link CompletionCall} as Anthropic Messages parameters. Where the two APIs differ:
 * <ul>
 *   <li>system messages join into the top-level {@code system};</li>
 *   <li>an assistant's tool calls are {@code tool_use} blocks, and the tool answers that follow
 *       them become one user message of {@code tool_result} blocks, as Anthropic requires;</li>
 *   <li>toolChoice {@code required} is {@code any}, a tool's name is {@code {type: tool}};</li>
 *   <li>a JSON schema is a tool the model is made to call, whose input is the answer: the
 *       technique Anthropic documents for JSON output, and one every Claude model supports;
 *       {@code json_object} is an instruction in the system prompt, since Anthropic has no JSON
 *       mode. Either way the executor checks the answer ({@link AnswerCheck});</li>
 *   <li>{@code stop} is {@code stop_sequences}; {@code seed} has no Anthropic counterpart and is
 *       not sent (Anthropic sampling is not reproducible).</li>
 * </ul>
 */
final class AnthropicParams {

    /** The forced tool's name when the schema has none, or when a request's own tool has it. */
    static final String RESPONSE_TOOL = "structured_response";
    static final String JSON_OBJECT_INSTRUCTION = "Answer with one JSON object and nothing else: no prose, no code fence.";

    private AnthropicParams() {
    }

    /** The name of the tool that carries the answer to a JSON schema, or null without one. */
    static String responseTool(CompletionCall call) {
        ResponseFormat format = call.responseFormat();
        if (format == null || format.getType() != ResponseFormatType.JSON_SCHEMA) {
            return null;
        }
        String name = format.getName();
        boolean taken = name == null || call.tools().stream().anyMatch(tool -> tool.getName().equals(name));
        return taken ? RESPONSE_TOOL : name;
    }

    static MessageCreateParams of(CompletionCall call) {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(call.model())
                .maxTokens(call.maxOutputTokens());
        StringJoiner system = new StringJoiner("\n\n");
        List<ContentBlockParam> toolResults = new ArrayList<>();
        for (Message message : call.messages()) {
            if (!message.getRole().equals("tool") && !toolResults.isEmpty()) {
                params.addUserMessageOfContentBlockParams(List.copyOf(toolResults));
                toolResults.clear();
            }
            switch (message.getRole()) {
                case "system" -> system.add(Messages.textOf(message));
                case "tool" -> toolResults.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(message.getToolCallId()).content(Messages.textOf(message)).build()));
                case "assistant" -> params.addAssistantMessageOfContentBlockParams(assistant(message));
                default -> {
                    if (message.getParts().isEmpty()) {
                        params.addUserMessage(message.getContent());
                    } else {
                        params.addUserMessageOfContentBlockParams(parts(message.getParts()));
                    }
                }
            }
        }
        if (!toolResults.isEmpty()) {
            params.addUserMessageOfContentBlockParams(toolResults);
        }
        ResponseFormat format = call.responseFormat();
        if (format != null && format.getType() == ResponseFormatType.JSON_OBJECT) {
            system.add(JSON_OBJECT_INSTRUCTION);
        }
        if (system.length() > 0) {
            params.system(system.toString());
        }
        tools(params, call);
        if (!call.stop().isEmpty()) {
            params.stopSequences(call.stop());
        }
        // This SDK version has no typed setters for these; the Messages API still takes them.
        if (call.temperature() != null) {
            params.putAdditionalBodyProperty("temperature", JsonValue.from(call.temperature().doubleValue()));
        }
        if (call.topP() != null) {
            params.putAdditionalBodyProperty("top_p", JsonValue.from(call.topP().doubleValue()));
        }
        return params.build();
    }

    private static List<ContentBlockParam> assistant(Message message) {
        List<ContentBlockParam> blocks = new ArrayList<>();
        String text = Messages.textOf(message);
        if (!text.isEmpty()) {
            blocks.add(ContentBlockParam.ofText(text));
        }
        for (ToolCall call : message.getToolCalls()) {
            blocks.add(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder()
                    .id(call.getId())
                    .name(call.getName())
                    .input(ToolUseBlockParam.Input.builder()
                            .putAllAdditionalProperties(SdkJsonValues.anthropicObject(call.getArgumentsJson())).build())
                    .build()));
        }
        return blocks;
    }

    private static List<ContentBlockParam> parts(List<ContentPart> parts) {
        List<ContentBlockParam> blocks = new ArrayList<>(parts.size());
        for (ContentPart part : parts) {
            if (part.getType() == ContentPartType.TEXT) {
                blocks.add(ContentBlockParam.ofText(part.getText()));
            } else {
                blocks.add(ContentBlockParam.ofImage(image(part)));
            }
        }
        return blocks;
    }

    /** An image as a base64 or a URL source; a data: URL is base64 data in URL form, and goes as base64. */
    private static ImageBlockParam image(ContentPart part) {
        String data = part.getImageBase64();
        String mediaType = part.getMediaType();
        String url = part.getImageUrl();
        if (url != null && url.startsWith("data:")) {
            int comma = url.indexOf(',');
            mediaType = url.substring("data:".length(), url.indexOf(';'));
            data = url.substring(comma + 1);
            url = null;
        }
        if (url != null) {
            return ImageBlockParam.builder().source(UrlImageSource.builder().url(url).build()).build();
        }
        return ImageBlockParam.builder().source(Base64ImageSource.builder()
                .mediaType(Base64ImageSource.MediaType.of(mediaType)).data(data).build()).build();
    }

    private static void tools(MessageCreateParams.Builder params, CompletionCall call) {
        for (dev.switchyard.schema.Tool tool : call.tools()) {
            params.addTool(tool(tool.getName(), tool.getDescription(), tool.getParametersJson()));
        }
        String responseTool = responseTool(call);
        String choice = call.toolChoice();
        if (responseTool != null) {
            params.addTool(tool(responseTool, "Give your final answer by calling this tool: its input is the answer.",
                    call.responseFormat().getSchemaJson()));
            // With tools of its own in play the model may still call them first; the answer comes through the response tool.
            boolean ownTools = !call.tools().isEmpty() && !"none".equals(choice);
            params.toolChoice(choice != null && ownTools && !choice.equals("auto") && !choice.equals("required")
                    ? ToolChoice.ofTool(choice)
                    : ownTools ? ToolChoice.ofAny(ToolChoiceAny.builder().build()) : ToolChoice.ofTool(responseTool));
            return;
        }
        if (choice == null || call.tools().isEmpty()) {
            return;
        }
        params.toolChoice(switch (choice) {
            case "auto" -> ToolChoice.ofAuto(ToolChoiceAuto.builder().build());
            case "none" -> ToolChoice.ofNone(ToolChoiceNone.builder().build());
            case "required" -> ToolChoice.ofAny(ToolChoiceAny.builder().build());
            default -> ToolChoice.ofTool(choice);
        });
    }

    /** A tool whose input_schema is a JSON schema's text: properties and required typed, its other keywords as they are. */
    private static Tool tool(String name, String description, String schemaJson) {
        Tool.InputSchema.Builder schema = Tool.InputSchema.builder();
        if (schemaJson != null) {
            Map<String, Object> parsed = SdkJsonValues.parse(schemaJson);
            Object properties = parsed.remove("properties");
            Object required = parsed.remove("required");
            parsed.remove("type");
            if (properties instanceof Map<?, ?> map) {
                Tool.InputSchema.Properties.Builder typed = Tool.InputSchema.Properties.builder();
                map.forEach((key, value) -> typed.putAdditionalProperty(key.toString(), JsonValue.from(value)));
                schema.properties(typed.build());
            }
            if (required instanceof List<?> list) {
                schema.required(list.stream().map(Object::toString).toList());
            }
            parsed.forEach((key, value) -> schema.putAdditionalProperty(key, JsonValue.from(value)));
        }
        Tool.Builder tool = Tool.builder().name(name).inputSchema(schema.build());
        if (description != null) {
            tool.description(description);
        }
        return tool.build();
    }
}
