package dev.switchyard.cli;

import dev.switchyard.cli.batch.BatchCommand;
import dev.switchyard.cli.demo.DemoCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchyard} command. */
@Command(name = "switchyard", mixinStandardHelpOptions = true, version = "switchyard 0.1.0",
        description = "Event-driven LLM request router on Apache Kafka.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, RestartCommand.class, SubmitCommand.class,
                BatchCommand.class, BudgetCommand.class, CostsCommand.class, CatalogCommand.class, ClassifierCommand.class, DemoCommand.class,
                FeedbackCommand.class},
        footer = {"", "Benchmarks: switchyard bench --help (the bench module, which starts a stack of its own)."})
public final class SwitchyardCli implements Runnable {

    /** Exit codes: distinct, so scripts can tell what went wrong. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_RUNNING = 3;
    public static final int TIMED_OUT = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(commandLine().execute(args));
    }

    /**
     * The CLI (and the bench, which shares its launcher) speaks for itself. Its Kafka clients'
     * warnings are expected noise here (the broker refusing connections while it starts), so
     * they go to ERROR; anything else to WARN.
     */
    public static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
            root.getLoggerContext().getLogger("org.apache.kafka").setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SwitchyardCli());
        ConfigFile.find().ifPresent(cli::setDefaultValueProvider);
        return cli
                .setExitCodeExceptionMapper(e -> FAILED)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("switchyard: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return e instanceof HomeOption.NotRunningException ? NOT_RUNNING : FAILED;
                });
    }
}
