package dev.switchyard.cli.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Starts the components of a home's stack and starts single ones again, each exactly as it was
 * first started (its recorded {@link Launch}): for {@code up}, {@code restart}, and an
 * {@code up} that finds the stack partly down.
 */
public final class ServiceControl {

    private final Path home;
    private final PrintStream out;
    private final Launcher launcher;
    private final Readiness readiness;

    public ServiceControl(Path home, PrintStream out) {
        this.home = home;
        this.out = out;
        this.launcher = new Launcher(home);
        this.readiness = new Readiness(out);
    }

    /**
     * Starts a component and records it in the state file at once, so that {@code down} finds it
     * whatever happens next. It is not waited for: {@code up} starts the services side by side.
     */
    StackState start(StackState state, Launch launch, Integer port) throws IOException {
        StackState started = state.with(launch, launcher.start(launch).pid(), port);
        started.write(home);
        return started;
    }

    /**
     * Stops one component (SIGTERM, then SIGKILL after a grace period) if it is alive, and starts
     * it again with the same ports, data directories and arguments.
     */
    public StackState restart(StackState state, String component) throws IOException, InterruptedException {
        if (!state.pids().containsKey(component)) {
            throw new IllegalArgumentException(component + " is not part of the stack in " + home + "; it has "
                    + String.join(", ", state.pids().keySet()));
        }
        if (!state.launches().containsKey(component)) {
            throw new IllegalStateException("the stack in " + home + " was started by an older switchyard, which did not record "
                    + "how; run 'switchyard down' and 'switchyard up'");
        }
        Launcher.stop(component, state.pids().get(component), out);
        return startAgain(state, component);
    }

    /** Starts the stack's dead components again, in start order (the broker first), keeping the live ones. */
    StackState startDead(StackState state) throws IOException, InterruptedException {
        for (String component : state.dead()) {
            state = startAgain(state, component);
        }
        return state;
    }

    /** Whether every component was recorded with its launch: state files of older versions were not. */
    static boolean canStartAgain(StackState state) {
        return state.launches().keySet().containsAll(state.pids().keySet());
    }

    private StackState startAgain(StackState state, String component) throws IOException, InterruptedException {
        StackState started = start(state, state.launches().get(component), state.ports().get(component));
        out.printf("  %-13s started (pid %d)%n", component, started.pids().get(component));
        readiness.await(started, component);
        return started;
    }
}
