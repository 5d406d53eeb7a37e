package dev.switchyard.bench;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.router.RouterApplication;
import dev.switchyard.router.RouterProperties;
import dev.switchyard.schema.topic.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What one Kafka Streams hop costs on this machine apart from routing: every request copied,
 * bytes unchanged, to the first provider's work topic, under the router's own Kafka settings
 * (exactly-once, commit interval, linger, stream threads, and any {@code --router-arg}). The
 * router benchmark runs it in the router's place and measures it as it measures the router, so
 * that the router's latency can be read against it in the same run.
 */
public final class StreamsBaseline {

    /** Its Kafka Streams application id, and so its consumer group. */
    public static final String APPLICATION_ID = "switchyard-bench-baseline";

    private StreamsBaseline() {
    }

    /** @param args the bootstrap servers, a state directory, then the router's settings as {@code --key=value} */
    public static void main(String[] args) {
        KafkaSettings kafka = new KafkaSettings(args[0], "", "");
        Topics topics = kafka.topics();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.requests.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(topics.work(CatalogLoader.defaultCatalog().providers().getFirst().id()).name(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties config = RouterApplication.streamsConfig(kafka, routerSettings(args[1], List.of(args).subList(2, args.length)),
                APPLICATION_ID);
        KafkaStreams streams = new KafkaStreams(builder.build(), config);
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close));
        streams.start();
    }

    /** The router's settings as it would bind them from these arguments, with its defaults for the rest. */
    static RouterProperties routerSettings(String stateDir, List<String> routerArgs) {
        Map<String, String> values = new HashMap<>();
        for (String arg : routerArgs) {
            String[] keyValue = arg.replaceFirst("^--", "").split("=", 2);
            values.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "true");
        }
        values.put("switchyard.router.state-dir", stateDir);
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("switchyard.router", RouterProperties.class);
    }
}
