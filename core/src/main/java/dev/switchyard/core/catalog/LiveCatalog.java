package dev.switchyard.core.catalog;

import dev.switchyard.core.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The catalog a service runs with: loaded at start (a bad one stops the start, with every
 * problem), then kept current from its file, when it has one, and from the catalog topic.
 */
public final class LiveCatalog implements Supplier<Catalog>, AutoCloseable {

    private static final Duration FILE_CHECK_INTERVAL = Duration.ofSeconds(2);

    private final CatalogSource source;
    private final CatalogFileWatcher fileWatcher;
    private final CatalogTopicListener topicListener;

    private LiveCatalog(CatalogSource source, CatalogFileWatcher fileWatcher, CatalogTopicListener topicListener) {
        this.source = source;
        this.fileWatcher = fileWatcher;
        this.topicListener = topicListener;
    }

    public static LiveCatalog start(String path, KafkaSettings kafka) {
        CatalogSource source = new CatalogSource(CatalogLoader.load(path));
        CatalogFileWatcher watcher = path == null || path.isBlank() ? null
                : new CatalogFileWatcher(Path.of(path), source, FILE_CHECK_INTERVAL);
        return new LiveCatalog(source, watcher, new CatalogTopicListener(kafka, kafka.topics().catalog, source));
    }

    @Override
    public Catalog get() {
        return source.get();
    }

    @Override
    public void close() {
        if (fileWatcher != null) {
            fileWatcher.close();
        }
        topicListener.close();
    }
}
