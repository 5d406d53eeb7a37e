package dev.switchyard.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How long a HotSpot JVM on this machine has spent in its JIT compilers, read from the
 * performance counters it publishes (the hsperfdata file jstat reads), so without attaching to it
 * or starting a JVM to ask. The router bench reports it over each measured window: on cores the
 * router shares with the broker, a JIT still compiling shows up in the router's tail
 * (BENCHMARKS.md, the router's method), and a run that measured one says so.
 */
final class CompileTime {

    /** The prologue's magic number, always stored big-endian. */
    private static final int MAGIC = 0xcafec0c0;
    private static final int BYTE_ORDER_OFFSET = 4;
    private static final int ENTRY_OFFSET_OFFSET = 24;
    private static final int NUM_ENTRIES_OFFSET = 28;
    private static final byte LONG_TYPE = 'J';

    private CompileTime() {
    }

    /** Seconds the JVM of this pid has compiled since it started; empty when it publishes no counters here. */
    static OptionalDouble seconds(long pid) {
        try {
            Map<String, Long> counters = longCounters(ByteBuffer.wrap(Files.readAllBytes(counterFile(pid))));
            Long ticks = counters.get("java.ci.totalTime");
            Long ticksPerSecond = counters.get("sun.os.hrt.frequency");
            return ticks == null || ticksPerSecond == null || ticksPerSecond <= 0
                    ? OptionalDouble.empty() : OptionalDouble.of(ticks / (double) ticksPerSecond);
        } catch (IOException | RuntimeException unreadable) {
            // Gone, not HotSpot, -XX:-UsePerfData, or written as we read it: a bench figure, not worth failing the run for.
            return OptionalDouble.empty();
        }
    }

    /** HotSpot writes them to /tmp on Linux whatever {@code java.io.tmpdir} says; elsewhere to the temporary directory. */
    static Path counterFile(long pid) {
        String directory = "hsperfdata_" + System.getProperty("user.name");
        Path linux = Path.of("/tmp", directory, Long.toString(pid));
        return Files.exists(linux) ? linux : Path.of(System.getProperty("java.io.tmpdir"), directory, Long.toString(pid));
    }

    /** Seconds each named JVM has compiled so far, for those that publish counters. */
    static Map<String, Double> secondsOf(Map<String, Long> pids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> seconds(pid).ifPresent(value -> seconds.put(name, value)));
        return seconds;
    }

    /** Each named JVM's compile time from {@code before} to {@code after}. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> spent = new LinkedHashMap<>();
        after.forEach((name, seconds) -> {
            if (before.containsKey(name)) {
                spent.put(name, seconds - before.get(name));
            }
        });
        return spent;
    }

    /** The scalar long counters of a perf data buffer (HotSpot's PerfDataPrologue and PerfDataEntry layout). */
    private static Map<String, Long> longCounters(ByteBuffer buffer) {
        if (buffer.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a HotSpot perf data file");
        }
        buffer.order(buffer.get(BYTE_ORDER_OFFSET) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        Map<String, Long> counters = new HashMap<>();
        int entry = buffer.getInt(ENTRY_OFFSET_OFFSET);
        int entries = buffer.getInt(NUM_ENTRIES_OFFSET);
        for (int i = 0; i < entries; i++) {
            int length = buffer.getInt(entry);
            int nameOffset = buffer.getInt(entry + 4);
            int vectorLength = buffer.getInt(entry + 8);
            byte type = buffer.get(entry + 12);
            int dataOffset = buffer.getInt(entry + 16);
            if (vectorLength == 0 && type == LONG_TYPE) {
                counters.put(name(buffer, entry + nameOffset), buffer.getLong(entry + dataOffset));
            }
            entry += length;
        }
        return counters;
    }

    private static String name(ByteBuffer buffer, int start) {
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buffer.get(start, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
