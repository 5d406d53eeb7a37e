package dev.switchyard.core.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Offers the catalog file to a {@link CatalogSource} whenever its modification time or size
 * changes. Polling, rather than a WatchService, because editors that replace files and mounted
 * config maps (symlink swaps) defeat file events but not a stat.
 */
public final class CatalogFileWatcher implements AutoCloseable {

    private final Path file;
    private final CatalogSource source;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("catalog-file-watcher").daemon().factory());
    private FileTime lastModified;
    private long lastSize = -1;

    public CatalogFileWatcher(Path file, CatalogSource source, Duration interval) {
        this.file = file;
        this.source = source;
        remember();
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (!modified.equals(lastModified) || size != lastSize) {
                lastModified = modified;
                lastSize = size;
                source.offer(Files.readAllBytes(file), file.toString());
            }
        } catch (IOException e) {
            // Missing for a moment while being replaced: the next check sees the new file.
        }
    }

    private void remember() {
        try {
            lastModified = Files.getLastModifiedTime(file);
            lastSize = Files.size(file);
        } catch (IOException e) {
            lastModified = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
