package dev.switchyard.cost.aggregate;

import dev.switchyard.schema.CostWindow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A cost event with the window of each kind it is counted in. Normally that is the window its
 * time falls in; a window closes {@code grace} after its end in stream time, and an event for a
 * closed window is counted in the window of the same kind that is open now, as card and cloud
 * billing book late usage in the current period: closed windows never change after analysts
 * have read them, and yet every billed attempt is counted, so the sum over all windows stays exact.
 */
record PlacedCost(CostEvent event, long hourStartMs, long dayStartMs, long monthStartMs) {

    static PlacedCost place(CostEvent event, Instant streamTime, Duration grace) {
        return new PlacedCost(event, start(CostWindow.HOUR, event.at(), streamTime, grace),
                start(CostWindow.DAY, event.at(), streamTime, grace), start(CostWindow.MONTH, event.at(), streamTime, grace));
    }

    private static long start(CostWindow window, Instant at, Instant now, Duration grace) {
        Instant start = CostWindows.start(window, at);
        boolean closed = !CostWindows.end(window, start).plus(grace).isAfter(now);
        return (closed ? CostWindows.start(window, now) : start).toEpochMilli();
    }

    long startMs(CostWindow window) {
        return switch (window) {
            case HOUR -> hourStartMs;
            case DAY -> dayStartMs;
            case MONTH -> monthStartMs;
        };
    }

    /** Events of one tenant, user, model and placement sum into one: the unit the local buffer keeps. */
    String key() {
        return CostDeltas.key(event.tenantId(), event.userId(), event.provider(), event.model(), CostWindow.HOUR, hourStartMs)
                + CostDeltas.SEPARATOR + dayStartMs + CostDeltas.SEPARATOR + monthStartMs;
    }

    PlacedCost plus(PlacedCost other) {
        CostEvent a = event;
        CostEvent b = other.event;
        return new PlacedCost(new CostEvent(a.tenantId(), a.userId(), a.provider(), a.model(), a.at(),
                a.requests() + b.requests(), a.inputTokens() + b.inputTokens(), a.cachedInputTokens() + b.cachedInputTokens(),
                a.outputTokens() + b.outputTokens(), Math.addExact(a.costNanoUsd(), b.costNanoUsd()),
                a.cacheWriteInputTokens() + b.cacheWriteInputTokens()),
                hourStartMs, dayStartMs, monthStartMs);
    }

    /**
     * Fixed binary fields, for the buffer's own changelog, written once per event and read back
     * only after a crash: several times cheaper than Avro. It never leaves the cost service.
     * Fields added later go after the texts, so entries an older version wrote still read (the
     * field then 0): cacheWriteInputTokens.
     */
    static Serde<PlacedCost> serde() {
        return Serdes.serdeFrom((Serializer<PlacedCost>) (topic, placed) -> placed == null ? null : placed.bytes(),
                (Deserializer<PlacedCost>) (topic, data) -> data == null ? null : read(ByteBuffer.wrap(data)));
    }

    private byte[] bytes() {
        byte[][] texts = {utf8(event.tenantId()), utf8(event.userId()), utf8(event.provider()), utf8(event.model())};
        int size = 10 * 8;
        for (byte[] text : texts) {
            size += 4 + (text == null ? 0 : text.length);
        }
        ByteBuffer out = ByteBuffer.allocate(size)
                .putLong(hourStartMs).putLong(dayStartMs).putLong(monthStartMs).putLong(event.at().toEpochMilli())
                .putLong(event.requests()).putLong(event.inputTokens()).putLong(event.cachedInputTokens())
                .putLong(event.outputTokens()).putLong(event.costNanoUsd());
        for (byte[] text : texts) {
            out.putInt(text == null ? -1 : text.length);
            if (text != null) {
                out.put(text);
            }
        }
        out.putLong(event.cacheWriteInputTokens());
        return out.array();
    }

    private static PlacedCost read(ByteBuffer in) {
        long hour = in.getLong();
        long day = in.getLong();
        long month = in.getLong();
        Instant at = Instant.ofEpochMilli(in.getLong());
        long requests = in.getLong();
        long input = in.getLong();
        long cached = in.getLong();
        long output = in.getLong();
        long cost = in.getLong();
        String tenant = text(in);
        String user = text(in);
        String provider = text(in);
        String model = text(in);
        long cacheWrites = in.remaining() >= 8 ? in.getLong() : 0;
        CostEvent event = new CostEvent(tenant, user, provider, model, at, requests, input, cached, output, cost, cacheWrites);
        return new PlacedCost(event, hour, day, month);
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] text = new byte[length];
        in.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
