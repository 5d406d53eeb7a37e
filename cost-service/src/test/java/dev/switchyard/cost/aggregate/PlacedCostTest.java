package dev.switchyard.cost.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The local buffer's changelog format: new fields read back, and entries of the format before them still read. */
class PlacedCostTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:00Z");

    @Test
    void roundTripsEveryFieldCacheWritesIncluded() {
        PlacedCost placed = new PlacedCost(new CostEvent("acme", null, "anthropic", "claude-sonnet-4-5", AT, 1, 49_999, 40_000, 517,
                56_325_750L, 8_765), 1L, 2L, 3L);
        byte[] bytes = PlacedCost.serde().serializer().serialize("t", placed);
        assertThat(PlacedCost.serde().deserializer().deserialize("t", bytes)).isEqualTo(placed);
    }

    @Test
    void anEntryWrittenBeforeCacheWritesReadsAsNone() {
        // The earlier layout: nine longs, then the four texts, nothing after.
        byte[] acme = "acme".getBytes(StandardCharsets.UTF_8);
        byte[] model = "gpt-4o-mini".getBytes(StandardCharsets.UTF_8);
        ByteBuffer old = ByteBuffer.allocate(9 * 8 + 4 * 4 + acme.length + model.length + "openai".length())
                .putLong(1L).putLong(2L).putLong(3L).putLong(AT.toEpochMilli())
                .putLong(0).putLong(1_000).putLong(100).putLong(500).putLong(7_000)
                .putInt(acme.length).put(acme).putInt(-1)
                .putInt("openai".length()).put("openai".getBytes(StandardCharsets.UTF_8)).putInt(model.length).put(model);
        PlacedCost read = PlacedCost.serde().deserializer().deserialize("t", old.array());
        assertThat(read).isEqualTo(new PlacedCost(new CostEvent("acme", null, "openai", "gpt-4o-mini", AT, 0, 1_000, 100, 500,
                7_000, 0), 1L, 2L, 3L));
    }

    @Test
    void sumsCacheWritesWithTheRest() {
        PlacedCost a = new PlacedCost(new CostEvent("acme", null, "anthropic", "m", AT, 0, 10, 2, 3, 40, 5), 1L, 2L, 3L);
        PlacedCost b = new PlacedCost(new CostEvent("acme", null, "anthropic", "m", AT, 1, 20, 4, 6, 80, 7), 1L, 2L, 3L);
        assertThat(a.plus(b).event().cacheWriteInputTokens()).isEqualTo(12);
        assertThat(a.plus(b).event().inputTokens()).isEqualTo(30);
    }
}
