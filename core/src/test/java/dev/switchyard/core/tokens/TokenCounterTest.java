package dev.switchyard.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.serde.TrustedRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    static {
        TrustedRecords.ensure();
    }

    private static final ModelSpec GPT_4O = CatalogLoader.defaultCatalog().model("gpt-4o").orElseThrow();
    private static final ModelSpec SONNET = CatalogLoader.defaultCatalog().model("claude-sonnet-4-5").orElseThrow();

    private static LlmRequest request(Message... messages) {
        return LlmRequest.newBuilder().setRequestId("t").setTenantId("t").setMessages(List.of(messages)).build();
    }

    /** OpenAI's chat framing: 3 tokens per message besides its role and text, 3 to prime the reply. */
    @Test
    void countsOpenAiModelsExactlyWithTheirOwnTokenizer() {
        // o200k_base: "hello world" is "hello" + " world", "user" one token.
        assertThat(TokenCounter.of(request(Messages.text("user", "hello world"))).inputTokens(GPT_4O)).isEqualTo(3 + 1 + 2 + 3);
        assertThat(TokenCounter.exactFor(GPT_4O)).isTrue();
        // The cookbook's "tiktoken is great!" is 6 tokens in cl100k_base, the tokenizer of the GPT-4 generation.
        ModelSpec gpt4 = new ModelSpec("gpt-4-0613", "openai", GPT_4O.capabilities(), GPT_4O.price(), 8192, 4096, 500,
                GPT_4O.quality(), 0, 0);
        assertThat(TokenCounter.of(request(Messages.text("user", "tiktoken is great!"))).inputTokens(gpt4)).isEqualTo(3 + 1 + 6 + 3);
        assertThat(TokenCounter.of(request(Messages.text("system", "Be brief."), Messages.text("user", "hello world")))
                .inputTokens(GPT_4O)).isEqualTo(2 * 3 + 1 + 3 + 1 + 2 + 3);
    }

    @Test
    void estimatesOtherProvidersWithASafetyFactorButNeverAboveOneTokenPerByte() {
        assertThat(TokenCounter.exactFor(SONNET)).isFalse();
        String english = "The quarterly report is attached; please summarise the three main risks for the board. ".repeat(20);
        long openAi = TokenCounter.of(request(Messages.text("user", english))).inputTokens(GPT_4O);
        long estimate = TokenCounter.of(request(Messages.text("user", english))).inputTokens(SONNET);
        assertThat(estimate).as("about 1.5 times a BPE count").isBetween((long) (openAi * 1.3), (long) (openAi * 1.7));
        long bytes = english.getBytes(StandardCharsets.UTF_8).length + "user".length();
        assertThat(estimate).as("far under one per byte for English").isLessThan(bytes / 2);

        String digits = "7".repeat(10); // byte-level tokenizers may take each digit alone
        long digitEstimate = TokenCounter.of(request(Messages.text("user", digits))).inputTokens(SONNET);
        assertThat(digitEstimate).isLessThanOrEqualTo(digits.length() + "user".length() + TokenCounter.ESTIMATE_TOKENS_PER_MESSAGE);
    }

    @Test
    void aBudgetReservesFarLessThanOneTokenPerByteForOpenAiModels() {
        String prompt = "Summarize the plot of Hamlet in one line, then name its three main themes. ".repeat(10);
        long tokens = TokenCounter.of(request(Messages.text("user", prompt))).inputTokens(GPT_4O);
        assertThat(tokens).isLessThan(prompt.length() / 3);
    }
}
