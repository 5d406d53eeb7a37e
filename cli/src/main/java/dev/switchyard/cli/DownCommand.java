package dev.switchyard.cli;

import dev.switchyard.cli.stack.LocalStack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop exactly the processes 'switchyard up' started.")
public final class DownCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        LocalStack.down(home.home(), System.out);
        return SwitchyardCli.OK;
    }
}
