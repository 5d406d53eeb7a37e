package dev.switchyard.executor.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Several SDK clients of one provider, used in turn. Each official SDK client has its own OkHttp
 * connection pool, and OkHttp (4.12) scans its whole pool for an idle connection on every call:
 * with ten thousand calls in flight on one pool that scan was the executor's top CPU cost. Spread
 * over shards of a few hundred connections each, it stays cheap.
 */
final class ClientShards<C> implements AutoCloseable {

    private final List<C> clients;
    private final Consumer<C> closer;
    private final AtomicInteger next = new AtomicInteger();

    ClientShards(int count, Supplier<C> factory, Consumer<C> closer) {
        List<C> built = new ArrayList<>(count);
        for (int i = 0; i < Math.max(1, count); i++) {
            built.add(factory.get());
        }
        this.clients = List.copyOf(built);
        this.closer = closer;
    }

    C next() {
        return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
    }

    @Override
    public void close() {
        clients.forEach(closer);
    }
}
