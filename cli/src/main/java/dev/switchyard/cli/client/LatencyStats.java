package dev.switchyard.cli.client;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, recorded at microsecond resolution up to an hour. */
public final class LatencyStats {

    private final Histogram histogram = new Histogram(3_600_000_000L, 3);

    public void recordMillis(long millis) {
        histogram.recordValue(Math.max(0, millis) * 1000);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
