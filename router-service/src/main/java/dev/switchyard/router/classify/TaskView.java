package dev.switchyard.router.classify;

import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * A request as the classifiers read it: text messages only. The tools a request offers are part
 * of its task (a prompt with a weather tool is a tool-use task, not small talk), so their names and
 * descriptions join the system prompt; an image stands as {@code [image]} in its message's text,
 * and an assistant's tool calls as the calls they were. A request of plain text messages is read
 * as it is, so the classifiers' training corpus and their inputs keep one form.
 */
public final class TaskView {

    /** Enough of a tool's parameters to show what it takes; the embedding reads the start of a system prompt only. */
    private static final int PARAMETERS_SHOWN = 200;

    private TaskView() {
    }

    public static List<Message> messages(LlmRequest request) {
        if (request.getTools().isEmpty() && isPlainText(request.getMessages())) {
            return request.getMessages();
        }
        List<Message> view = new ArrayList<>(request.getMessages().size() + 1);
        String tools = tools(request.getTools());
        boolean toolsPlaced = tools.isEmpty();
        for (Message message : request.getMessages()) {
            String text = text(message);
            if (!toolsPlaced && message.getRole().equals("system")) {
                text = text + "\n" + tools;
                toolsPlaced = true;
            }
            view.add(Messages.text(message.getRole(), text));
        }
        if (!toolsPlaced) {
            view.addFirst(Messages.text("system", tools));
        }
        return view;
    }

    private static boolean isPlainText(List<Message> messages) {
        for (Message message : messages) {
            if (!message.getParts().isEmpty() || !message.getToolCalls().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String text(Message message) {
        StringBuilder text = new StringBuilder(message.getContent());
        for (ContentPart part : message.getParts()) {
            String piece = part.getType() == ContentPartType.IMAGE ? "[image]" : part.getText() == null ? "" : part.getText();
            text.append(text.isEmpty() ? "" : "\n").append(piece);
        }
        for (ToolCall call : message.getToolCalls()) {
            text.append(text.isEmpty() ? "" : "\n").append("called ").append(call.getName()).append(' ').append(call.getArgumentsJson());
        }
        return text.toString();
    }

    /** The tools' names, descriptions and the start of their parameters, a line each; empty without tools. */
    public static String tools(List<Tool> tools) {
        if (tools.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("Tools you can call:");
        for (Tool tool : tools) {
            text.append("\n- ").append(tool.getName());
            if (tool.getDescription() != null && !tool.getDescription().isBlank()) {
                text.append(": ").append(tool.getDescription());
            }
            if (tool.getParametersJson() != null) {
                String parameters = tool.getParametersJson();
                text.append(" (parameters ").append(parameters, 0, Math.min(parameters.length(), PARAMETERS_SHOWN)).append(')');
            }
        }
        return text.toString();
    }
}
