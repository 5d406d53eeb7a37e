package dev.switchyard.cli;

import dev.switchyard.cli.stack.ServiceControl;
import dev.switchyard.cli.stack.StackState;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Stop one process of the local stack (SIGTERM, SIGKILL after 30 s) and start it again with the same ports, "
                + "data and arguments.")
public final class RestartCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Parameters(paramLabel = "SERVICE", description = "router, executor, cost, provider-sim or kafka.")
    String service;

    @Override
    public Integer call() throws Exception {
        Optional<StackState> state = StackState.read(home.home());
        if (state.isEmpty()) {
            System.out.println("No stack in " + home.home() + ": run 'switchyard up'.");
            return SwitchyardCli.NOT_RUNNING;
        }
        StackState restarted = new ServiceControl(home.home(), System.out).restart(state.get(), service);
        System.out.println(service + " restarted (pid " + restarted.pids().get(service) + ").");
        return SwitchyardCli.OK;
    }
}
