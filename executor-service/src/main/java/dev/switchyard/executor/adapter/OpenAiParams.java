package dev.switchyard.executor.adapter;

import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** A {@link CompletionCall} as OpenAI Chat Completions parameters: every field maps one to one. */
final class OpenAiParams {

    /** OpenAI requires a name for a JSON schema; Switchyard's is optional. */
    static final String DEFAULT_SCHEMA_NAME = "response";

    private OpenAiParams() {
    }

    static ChatCompletionCreateParams of(CompletionCall call) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(call.model())
                .maxCompletionTokens(call.maxOutputTokens());
        for (Message message : call.messages()) {
            add(params, message);
        }
        for (Tool tool : call.tools()) {
            FunctionDefinition.Builder function = FunctionDefinition.builder().name(tool.getName());
            if (tool.getDescription() != null) {
                function.description(tool.getDescription());
            }
            if (tool.getParametersJson() != null) {
                function.parameters(FunctionParameters.builder().putAllAdditionalProperties(SdkJsonValues.object(tool.getParametersJson())).build());
            }
            params.addTool(ChatCompletionFunctionTool.builder().function(function.build()).build());
        }
        if (call.toolChoice() != null) {
            params.toolChoice(switch (call.toolChoice()) {
                case "auto" -> ChatCompletionToolChoiceOption.ofAuto(ChatCompletionToolChoiceOption.Auto.AUTO);
                case "none" -> ChatCompletionToolChoiceOption.ofAuto(ChatCompletionToolChoiceOption.Auto.NONE);
                case "required" -> ChatCompletionToolChoiceOption.ofAuto(ChatCompletionToolChoiceOption.Auto.REQUIRED);
                default -> ChatCompletionToolChoiceOption.ofNamedToolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name(call.toolChoice()).build()).build());
            });
        }
        responseFormat(params, call.responseFormat());
        if (!call.stop().isEmpty()) {
            params.stop(ChatCompletionCreateParams.Stop.ofStrings(call.stop()));
        }
        if (call.temperature() != null) {
            params.temperature(call.temperature().doubleValue());
        }
        if (call.topP() != null) {
            params.topP(call.topP().doubleValue());
        }
        if (call.seed() != null) {
            params.seed(call.seed());
        }
        return params.build();
    }

    private static void add(ChatCompletionCreateParams.Builder params, Message message) {
        switch (message.getRole()) {
            case "system" -> params.addSystemMessage(Messages.textOf(message));
            case "assistant" -> {
                ChatCompletionAssistantMessageParam.Builder assistant = ChatCompletionAssistantMessageParam.builder();
                String text = Messages.textOf(message);
                if (!text.isEmpty() || message.getToolCalls().isEmpty()) {
                    assistant.content(text);
                }
                if (!message.getToolCalls().isEmpty()) {
                    assistant.toolCalls(message.getToolCalls().stream().map(OpenAiParams::toolCall).toList());
                }
                params.addMessage(assistant.build());
            }
            case "tool" -> params.addMessage(ChatCompletionToolMessageParam.builder()
                    .toolCallId(message.getToolCallId()).content(Messages.textOf(message)).build());
            default -> {
                if (message.getParts().isEmpty()) {
                    params.addUserMessage(message.getContent());
                } else {
                    params.addUserMessageOfArrayOfContentParts(parts(message.getParts()));
                }
            }
        }
    }

    private static ChatCompletionMessageToolCall toolCall(ToolCall call) {
        return ChatCompletionMessageToolCall.ofFunction(ChatCompletionMessageFunctionToolCall.builder()
                .id(call.getId())
                .function(ChatCompletionMessageFunctionToolCall.Function.builder().name(call.getName()).arguments(call.getArgumentsJson()).build())
                .build());
    }

    private static List<ChatCompletionContentPart> parts(List<ContentPart> parts) {
        List<ChatCompletionContentPart> mapped = new ArrayList<>(parts.size());
        for (ContentPart part : parts) {
            if (part.getType() == ContentPartType.TEXT) {
                mapped.add(ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text(part.getText()).build()));
                continue;
            }
            String url = part.getImageUrl() != null ? part.getImageUrl()
                    : "data:" + part.getMediaType() + ";base64," + part.getImageBase64();
            ChatCompletionContentPartImage.ImageUrl.Builder image = ChatCompletionContentPartImage.ImageUrl.builder().url(url);
            if (part.getDetail() != null) {
                image.detail(ChatCompletionContentPartImage.ImageUrl.Detail.of(part.getDetail()));
            }
            mapped.add(ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder().imageUrl(image.build()).build()));
        }
        return mapped;
    }

    private static void responseFormat(ChatCompletionCreateParams.Builder params, ResponseFormat format) {
        if (format == null) {
            return;
        }
        switch (format.getType()) {
            case TEXT -> {
            }
            case JSON_OBJECT -> params.responseFormat(ResponseFormatJsonObject.builder().build());
            case JSON_SCHEMA -> params.responseFormat(ResponseFormatJsonSchema.builder()
                    .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                            .name(format.getName() != null ? format.getName() : DEFAULT_SCHEMA_NAME)
                            .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                    .putAllAdditionalProperties(SdkJsonValues.object(format.getSchemaJson())).build())
                            .strict(format.getStrict())
                            .build())
                    .build());
        }
    }
}
