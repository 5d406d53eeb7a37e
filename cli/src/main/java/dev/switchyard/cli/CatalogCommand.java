package dev.switchyard.cli;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogException;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Show or publish the model catalog.",
        subcommands = {CatalogCommand.Apply.class, CatalogCommand.Show.class})
public final class CatalogCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The record key of every catalog version: one key, so compaction keeps only the latest. */
    static final String KEY = "catalog";

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Validate a catalog YAML and publish it; running routers and executors switch to it without a restart.")
    static final class Apply implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Parameters(paramLabel = "FILE", description = "The catalog YAML.")
        Path file;

        @Override
        public Integer call() throws Exception {
            byte[] yaml = Files.readAllBytes(file);
            Catalog catalog;
            try {
                catalog = CatalogLoader.parse(yaml, file.toString());
            } catch (CatalogException e) {
                System.err.println(e.getMessage());
                return SwitchyardCli.USAGE;
            }
            KafkaSettings kafka = home.kafka();
            Topic<String, String> topic = kafka.topics().catalog;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("switchyard-cli"))) {
                producer.send(new ProducerRecord<>(topic.name(), KEY.getBytes(StandardCharsets.UTF_8), yaml)).get();
            }
            System.out.println("published " + file + ": " + catalog.models().size() + " models of " + catalog.providers().size() + " providers");
            return SwitchyardCli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the catalog in force: the latest published, else the built-in one.")
    static final class Show implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Override
        public Integer call() throws Exception {
            KafkaSettings kafka = home.kafka();
            Catalog catalog = CatalogLoader.defaultCatalog();
            String from = "built-in catalog";
            try (var reader = new dev.switchyard.cli.client.TopicReader<>(kafka, kafka.topics().catalog, true)) {
                for (var entry : reader.readToEnd(Duration.ofSeconds(1))) {
                    catalog = CatalogLoader.parse(entry.value().getBytes(StandardCharsets.UTF_8), "llm.catalog");
                    from = "llm.catalog offset " + entry.record().offset();
                }
            }
            System.out.println("Catalog in force (" + from + "):");
            System.out.printf("%-20s %-10s %12s %12s %12s %12s %10s %9s%n", "MODEL", "PROVIDER", "IN $/1M", "CACHED $/1M",
                    "WRITE $/1M", "OUT $/1M", "CONTEXT", "LATENCY");
            for (ModelSpec model : catalog.models()) {
                System.out.printf("%-20s %-10s %12s %12s %12s %12s %10d %7d ms%n", model.id(), model.provider(), model.price().input(),
                        model.price().cachedInput(), model.price().cacheWrite(), model.price().output(), model.contextWindow(),
                        model.typicalLatencyMs());
            }
            return SwitchyardCli.OK;
        }
    }
}
