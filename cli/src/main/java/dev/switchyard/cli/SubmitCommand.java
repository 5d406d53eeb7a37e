package dev.switchyard.cli;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.ToolCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit one request, from flags or as CONTRACT.md JSON on standard input (--json).")
public final class SubmitCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Read the request as JSON (the LlmRequest fields, camelCase) from standard input.")
    boolean json;

    @Option(names = "--tenant", description = "Tenant id (required without --json).")
    String tenant;

    @Option(names = "--user", description = "User id.")
    String user;

    @Option(names = "--prompt", description = "The user message (required without --json).")
    String prompt;

    @Option(names = "--model", description = "Pin a catalog model; default: routed.")
    String model;

    @Option(names = "--strategy", defaultValue = "BALANCED", description = "One of: ${COMPLETION-CANDIDATES}.")
    Strategy strategy;

    @Option(names = "--max-output-tokens", description = "Output cap.")
    Integer maxOutputTokens;

    @Option(names = "--id", description = "Request id; default: a new UUID.")
    String requestId;

    @Option(names = "--wait", description = "Wait for the result and print it.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "60s", description = "How long --wait waits (default: ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        KafkaSettings kafka = home.kafka();
        String id;
        try (ResultCollector results = await ? new ResultCollector(kafka) : null;
             RequestProducer producer = new RequestProducer(kafka)) {
            if (json) {
                String body = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
                id = requestIdOf(body);
                producer.sendJson(id, body).get();
            } else {
                if (tenant == null || prompt == null) {
                    System.err.println("switchyard submit: --tenant and --prompt are required (or use --json)");
                    return SwitchyardCli.USAGE;
                }
                id = requestId != null ? requestId : UUID.randomUUID().toString();
                producer.send(LlmRequest.newBuilder()
                        .setRequestId(id).setTenantId(tenant).setUserId(user)
                        .setMessages(List.of(Messages.text("user", prompt)))
                        .setModel(model).setStrategy(strategy).setMaxOutputTokens(maxOutputTokens)
                        .build()).get();
            }
            System.out.println("submitted " + id);
            if (!await) {
                return SwitchyardCli.OK;
            }
            Map<String, ResultCollector.Received> got = results.await(Set.of(id), timeout, (r, n) -> { });
            if (got.isEmpty()) {
                System.err.println("no result for " + id + " within " + timeout.toSeconds() + " s");
                return SwitchyardCli.TIMED_OUT;
            }
            print(got.get(id).result());
            return SwitchyardCli.OK;
        }
    }

    private static String requestIdOf(String body) throws java.io.IOException {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        return node.hasNonNull("requestId") ? node.get("requestId").asText() : null;
    }

    static void print(LlmResult result) {
        System.out.println("status:   " + result.getStatus());
        if (result.getModel() != null) {
            System.out.println("model:    " + result.getProvider() + "/" + result.getModel());
        }
        if (result.getRouting() != null) {
            System.out.println("routing:  " + result.getRouting().getReason());
        }
        if (result.getError() != null) {
            System.out.println("error:    " + result.getError().getCode() + ": " + result.getError().getMessage());
        }
        System.out.printf("tokens:   %d in (%d cached, %d written to the cache), %d out%n", result.getInputTokens(),
                result.getCachedInputTokens(), result.getCacheWriteInputTokens(), result.getOutputTokens());
        System.out.printf("cost:     $%.9f%n", result.getCostNanoUsd() / 1e9);
        if (result.getFinishReason() != null) {
            System.out.println("finish:   " + result.getFinishReason());
        }
        for (ToolCall call : result.getToolCalls()) {
            System.out.println("tool:     " + call.getId() + " " + call.getName() + " " + call.getArgumentsJson());
        }
        if (result.getContent() != null && !result.getContent().isEmpty()) {
            System.out.println("answer:   " + result.getContent());
        }
    }
}
