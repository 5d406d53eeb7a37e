package dev.switchyard.cli.client;

import java.io.PrintStream;

/** A one-line progress bar on a terminal; on a pipe or log, a line every tenth of the way. */
public final class ProgressBar {

    private static final int WIDTH = 40;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal = System.console() != null;
    private final long startNanos = System.nanoTime();
    private long lastTenth = -1;

    public ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
    }

    public void update(long done) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (terminal) {
            int filled = (int) (WIDTH * Math.min(done, total) / total);
            out.printf("\r%s [%s%s] %d/%d  %.1f s", label, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, seconds);
            out.flush();
        } else if (done * 10 / total > lastTenth) {
            lastTenth = done * 10 / total;
            out.printf("%s %d/%d after %.1f s%n", label, done, total, seconds);
        }
    }

    public void finish(long done) {
        update(done);
        if (terminal) {
            out.println();
        }
    }
}
