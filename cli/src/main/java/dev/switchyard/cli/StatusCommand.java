package dev.switchyard.cli;

import dev.switchyard.cli.stack.StackState;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the local stack's processes: pid, alive or dead, port, and the health of live ones.")
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
        var dead = state.get().dead();
        System.out.printf("%-13s %-8s %-6s %-7s %s%n", "COMPONENT", "PID", "STATE", "PORT", "HEALTH");
        for (String component : state.get().pids().keySet()) {
            boolean alive = !dead.contains(component);
            // A dead process answers nothing; whatever answers on its port now is someone else.
            String health = alive ? state.get().health(component).orElse("-") : "-";
            System.out.printf("%-13s %-8d %-6s %-7s %s%n", component, state.get().pids().get(component), alive ? "alive" : "dead",
                    state.get().ports().getOrDefault(component, 0), health);
        }
        System.out.println("Kafka: " + state.get().bootstrapServers() + "   provider-sim: " + state.get().simUrl());
        if (!dead.isEmpty()) {
            System.out.println("Dead: " + String.join(", ", dead) + ". 'switchyard up' starts them again with their previous settings.");
        }
        return dead.isEmpty() ? SwitchyardCli.OK : SwitchyardCli.NOT_RUNNING;
    }
}
