package dev.switchyard.cli.demo;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.serde.TrustedRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bundled mixed workload: chat, code, math, summaries, translations, extraction and
 * classification prompts from three tenants and several users, with every strategy, some
 * capability requirements, some pinned models across providers, a batch, high priorities, and a
 * few invalid requests that must come back REJECTED. Deterministic for a given seed, so runs
 * compare.
 */
public final class Workload {

    private static final String[][] PROMPTS = {
            {"chat", "Hi! Can you suggest a name for a coffee shop that also sells books?"},
            {"chat", "What is a good way to start learning to play the guitar as an adult?"},
            {"code", "Write a Java method that returns the n-th Fibonacci number iteratively."},
            {"code", "Fix this Python bug: for i in range(len(xs)): if xs[i] = 0: print(i)"},
            {"code", "Explain what this SQL does: SELECT tenant, SUM(cost) FROM usage GROUP BY tenant HAVING SUM(cost) > 100"},
            {"reasoning", "A train leaves at 3pm at 80 km/h and another at 4pm at 120 km/h. When does the second catch up?"},
            {"reasoning", "Prove that the sum of the first n odd numbers is n squared."},
            {"summarize", "Summarize in two sentences: Kafka stores streams of records in topics, split into partitions "
                    + "that are replicated across brokers. Consumers in a group share the partitions of a topic."},
            {"translate", "Translate into French: The invoice is attached; payment is due within thirty days."},
            {"extract", "Extract the date, amount and vendor as JSON: 'Paid 42.50 EUR to Acme GmbH on 3 March 2026.'"},
            {"classify", "Classify the sentiment of this review as positive, negative or neutral: 'Arrived late but works.'"},
            {"creative", "Write a four-line poem about a lighthouse keeper who loves spreadsheets."},
    };
    private static final String[] TENANTS = {"acme", "globex", "initech"};
    private static final String[] PINNED = {"claude-haiku-4-5", "gpt-4o-mini", "gemini-2.5-flash", "mistral-small-3-2",
            "deepseek-chat", "claude-sonnet-4-5"};

    static {
        TrustedRecords.ensure();
    }

    private Workload() {
    }

    public static List<LlmRequest> generate(String runId, int count, long seed) {
        Random random = new Random(seed);
        List<LlmRequest> requests = new ArrayList<>(count);
        Strategy[] strategies = Strategy.values();
        for (int i = 0; i < count; i++) {
            String[] prompt = PROMPTS[random.nextInt(PROMPTS.length)];
            String tenant = TENANTS[random.nextInt(TENANTS.length)];
            List<Message> messages = new ArrayList<>();
            if (random.nextInt(4) == 0) {
                messages.add(Messages.text("system", "You are a concise assistant for " + tenant + "."));
            }
            messages.add(Messages.text("user", prompt[1]));
            LlmRequest.Builder request = LlmRequest.newBuilder()
                    .setRequestId(runId + "-" + i)
                    .setTenantId(tenant)
                    .setUserId("user-" + random.nextInt(5))
                    .setMessages(messages)
                    .setStrategy(strategies[random.nextInt(strategies.length)])
                    .setMaxOutputTokens(64 + random.nextInt(448))
                    .setPriority(random.nextInt(10) == 0 ? 9 : 5)
                    .setMetadata(Map.of("workload", "demo", "prompt", prompt[0]));
            int shape = random.nextInt(100);
            if (shape < 30) {
                request.setModel(PINNED[random.nextInt(PINNED.length)]);
            } else if (shape < 40) {
                request.setRequiredCapabilities(List.of(random.nextBoolean() ? "vision" : "long_context"));
            } else if (shape < 50) {
                request.setTaskType(prompt[0]);
            }
            if (shape == 99) {
                // Invalid on purpose: no user message. It must come back REJECTED, not vanish.
                request.setMessages(List.of(Messages.text("system", "nothing to answer")));
            }
            requests.add(request.build());
        }
        return requests;
    }
}
