package dev.switchyard.core.catalog;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog in force, replaced without a restart when a new version is offered (by a file
 * watcher or from the catalog topic). A version that does not validate is refused with every
 * problem logged, and the last good catalog stays in force.
 */
public final class CatalogSource implements Supplier<Catalog> {

    private static final Logger log = LoggerFactory.getLogger(CatalogSource.class);

    private final AtomicReference<Catalog> current;
    private final AtomicInteger version = new AtomicInteger(1);

    public CatalogSource(Catalog initial) {
        this.current = new AtomicReference<>(initial);
    }

    @Override
    public Catalog get() {
        return current.get();
    }

    /** Parses and, when valid, installs a new catalog; returns whether it was installed. */
    public boolean offer(byte[] yaml, String from) {
        try {
            Catalog next = CatalogLoader.parse(yaml, from);
            current.set(next);
            log.info("catalog version {} from {} is in force: {} models of {} providers", version.incrementAndGet(), from,
                    next.models().size(), next.providers().size());
            return true;
        } catch (CatalogException e) {
            log.error("{}; the previous catalog stays in force", e.getMessage());
            return false;
        }
    }

    public int version() {
        return version.get();
    }
}
