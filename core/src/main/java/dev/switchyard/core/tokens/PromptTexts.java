package dev.switchyard.core.tokens;

import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Every text of a request that a provider puts in the model's prompt, each apart: per message
 * its role, content, text parts, tool calls (name and arguments), tool name and call id; then
 * each tool's name, description and parameters, and the response schema. Images are not text:
 * {@link #images} lists them.
 */
final class PromptTexts {

    private PromptTexts() {
    }

    static List<String> of(LlmRequest request) {
        List<String> texts = new ArrayList<>();
        for (Message message : request.getMessages()) {
            texts.add(message.getRole());
            texts.addAll(of(message));
        }
        texts.addAll(besideMessages(request));
        return texts;
    }

    /** A message's texts, its role aside. */
    static List<String> of(Message message) {
        List<String> texts = new ArrayList<>();
        texts.add(message.getContent());
        for (ContentPart part : message.getParts()) {
            if (part.getType() == ContentPartType.TEXT && part.getText() != null) {
                texts.add(part.getText());
            }
        }
        for (ToolCall call : message.getToolCalls()) {
            texts.add(call.getId());
            texts.add(call.getName());
            texts.add(call.getArgumentsJson());
        }
        addIfSet(texts, message.getName());
        addIfSet(texts, message.getToolCallId());
        return texts;
    }

    /** The tools' texts and the response schema's. */
    static List<String> besideMessages(LlmRequest request) {
        List<String> texts = new ArrayList<>();
        for (Tool tool : request.getTools()) {
            texts.add(tool.getName());
            addIfSet(texts, tool.getDescription());
            addIfSet(texts, tool.getParametersJson());
        }
        ResponseFormat format = request.getResponseFormat();
        if (format != null) {
            addIfSet(texts, format.getName());
            addIfSet(texts, format.getSchemaJson());
        }
        return texts;
    }

    static List<ContentPart> images(LlmRequest request) {
        List<ContentPart> images = new ArrayList<>();
        for (Message message : request.getMessages()) {
            for (ContentPart part : message.getParts()) {
                if (part.getType() == ContentPartType.IMAGE) {
                    images.add(part);
                }
            }
        }
        return images;
    }

    static boolean hasToolsOrSchema(LlmRequest request) {
        return !request.getTools().isEmpty() || (request.getResponseFormat() != null && request.getResponseFormat().getSchemaJson() != null);
    }

    private static void addIfSet(List<String> texts, String text) {
        if (text != null) {
            texts.add(text);
        }
    }
}
