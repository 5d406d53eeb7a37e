package dev.switchyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.router.RouterApplication;
import dev.switchyard.router.RouterProperties;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The baseline hop is only a baseline if it runs with the router's settings, defaults and overrides alike. */
class StreamsBaselineTest {

    @Test
    void takesTheRoutersDefaultsAndTheSettingsTheBenchGaveTheRouter() {
        RouterProperties settings = StreamsBaseline.routerSettings("/tmp/baseline-state",
                List.of("--switchyard.router.stream-threads=1", "--switchyard.router.commit-interval-ms=250"));
        Properties streams = RouterApplication.streamsConfig(new KafkaSettings("localhost:1", "", ""), settings,
                StreamsBaseline.APPLICATION_ID);

        assertThat(streams.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(1);
        assertThat(streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(250L);
        assertThat(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(streams.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/tmp/baseline-state");
        assertThat(settings.producerLingerMs()).as("the router's default linger").isEqualTo(1);
        assertThat(streams.get(StreamsConfig.producerPrefix("linger.ms"))).isEqualTo(1);
    }
}
