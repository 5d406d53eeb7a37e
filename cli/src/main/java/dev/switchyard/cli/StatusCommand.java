package dev.switchyard.cli;

import dev.switchyard.cli.stack.StackState;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the local stack's processes.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        Optional<StackState> state = StackState.read(home.home());
        if (state.isEmpty()) {
            System.out.println("No stack in " + home.home() + ".");
            return SwitchyardCli.NOT_RUNNING;
        }
        var alive = state.get().alive();
        System.out.printf("%-13s %-8s %-7s %s%n", "COMPONENT", "PID", "PORT", "STATE");
        state.get().pids().forEach((component, pid) -> System.out.printf("%-13s %-8d %-7s %s%n", component, pid,
                state.get().ports().getOrDefault(component, 0), alive.contains(component) ? "running" : "stopped"));
        System.out.println("Kafka: " + state.get().bootstrapServers() + "   provider-sim: " + state.get().simUrl());
        return alive.size() == state.get().pids().size() ? SwitchyardCli.OK : SwitchyardCli.NOT_RUNNING;
    }
}
