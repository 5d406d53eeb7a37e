package dev.switchyard.bench;

import java.util.concurrent.locks.LockSupport;

/** Spaces sends evenly at a rate (open loop: a slow receiver does not slow the sender); 0 means no pacing. */
final class Pacer {

    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long sent;

    Pacer(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
    }

    void awaitNext() {
        if (intervalNanos > 0) {
            long due = start + sent * intervalNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
        }
        sent++;
    }
}
