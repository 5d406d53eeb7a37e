package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConfigFileTest {

    @Test
    void optionsDefaultToTheConfigFileAndFlagsWinOverIt() throws Exception {
        Path file = Files.createTempFile("switchyard", ".properties");
        Files.writeString(file, "tenant=from-file\nbootstrap-servers=kafka.example:9092\nmax-output-tokens=77\n");

        SubmitCommand fromFile = parse(file, "submit", "--prompt", "hi");
        assertThat(fromFile.tenant).isEqualTo("from-file");
        assertThat(fromFile.maxOutputTokens).isEqualTo(77);
        assertThat(fromFile.home.bootstrapServers).isEqualTo("kafka.example:9092");

        SubmitCommand flagged = parse(file, "submit", "--prompt", "hi", "--tenant", "from-flag");
        assertThat(flagged.tenant).isEqualTo("from-flag");
    }

    private static SubmitCommand parse(Path file, String... args) {
        CommandLine cli = new CommandLine(new SwitchyardCli());
        cli.setDefaultValueProvider(new ConfigFile(file.toFile()));
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return (SubmitCommand) parsed.subcommand().commandSpec().userObject();
    }
}
