package dev.switchyard.cli;

import dev.switchyard.cli.stack.LocalStack;
import dev.switchyard.cli.stack.StackOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a local stack: a KRaft Kafka broker, provider-sim, and the router, executor and cost services.")
public final class UpCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Option(names = "--kafka-port", defaultValue = "0", description = "Broker port; 0 picks a free one (default).")
    int kafkaPort;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--sim-latency-ms", defaultValue = "200",
            description = "provider-sim's median answer time in ms (default: ${DEFAULT-VALUE}).")
    int simLatencyMs;

    @Option(names = "--catalog", defaultValue = "", description = "Model catalog YAML; default: the built-in catalog.")
    String catalog;

    @Override
    public Integer call() throws Exception {
        new LocalStack(options(), System.out).up();
        return SwitchyardCli.OK;
    }

    StackOptions options() {
        return new StackOptions(home.home(), kafkaPort, partitions, simLatencyMs, catalog);
    }
}
