package dev.switchyard.executor.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchyard.core.catalog.ProviderKind;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.sim.Knobs;
import dev.switchyard.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * docs/CONTRACT.md guarantee 6: provider credentials never appear in a log line. Keys come from the
 * environment or a file; calls that succeed and calls refused for a wrong key are made with every
 * logger at DEBUG, and no logged line (message or exception) contains a key.
 */
class SecretsStayOutOfLogsTest {

    private static final String KEY = "sk-live-THIS-MUST-NEVER-BE-LOGGED-4242";
    private static final String FILE_KEY = "sk-file-ALSO-SECRET-7777";

    @Test
    void keysFromTheEnvironmentOrAFileNeverReachALogLine(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("anthropic.key");
        Files.writeString(keyFile, FILE_KEY + "\n");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        try (SimServer sim = SimServer.start("127.0.0.1", 0, Knobs.defaults())) {
            sim.knobs().set("guarded", Knobs.defaults().with(Map.of("apiKey", KEY)));
            sim.knobs().set("guarded-too", Knobs.defaults().with(Map.of("apiKey", FILE_KEY)));
            Map<String, String> environment = Map.of("OPENAI_API_KEY", KEY, "ANTHROPIC_API_KEY_FILE", keyFile.toString());
            AdapterOptions options = new AdapterOptions(Duration.ofSeconds(10), false, 4, 1);
            ProviderSpec openai = new ProviderSpec("openai", ProviderKind.OPENAI_COMPATIBLE, "http://unused", "OPENAI_API_KEY", 1, 1);
            ProviderSpec anthropic = new ProviderSpec("anthropic", ProviderKind.ANTHROPIC, "http://unused", "ANTHROPIC_API_KEY", 1, 1);
            ProviderSpec unkeyed = new ProviderSpec("mistral", ProviderKind.OPENAI_COMPATIBLE, "http://unused", "MISTRAL_API_KEY", 1, 1);
            try (ProviderAdapter viaEnv = ProviderAdapters.create(openai, options, sim.baseUrl(), environment);
                 ProviderAdapter viaFile = ProviderAdapters.create(anthropic, options, sim.baseUrl(), environment);
                 ProviderAdapter withoutKey = ProviderAdapters.create(unkeyed, options, sim.baseUrl(), environment)) {
                CompletionCall call = new CompletionCall("guarded", List.of(Messages.text("user", "hi")), 10, null);
                assertThat(viaEnv.complete(call).content()).isNotBlank();
                assertThat(viaFile.complete(new CompletionCall("guarded-too", call.messages(), 10, null)).content()).isNotBlank();
                // The other key is refused: the failure, and anything logged about it, must not echo either key.
                assertThatThrownBy(() -> viaFile.complete(call)).isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(AttemptOutcome.AUTH);
                    assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain(FILE_KEY);
                });
            }
        } finally {
            root.detachAppender(captured);
            root.setLevel(before);
        }
        assertThat(captured.list).as("the capture works: the missing key was warned about, by name")
                .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("MISTRAL_API_KEY"));
        assertThat(captured.list).allSatisfy(event -> {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(KEY).doesNotContain(FILE_KEY);
        });
    }
}
