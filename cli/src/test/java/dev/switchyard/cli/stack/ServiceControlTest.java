package dev.switchyard.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.StatusCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Status, partial up and restart on real processes started by the stack's own launcher: two
 * provider-sims, which need no broker, stand in for a stack of which one component dies.
 */
class ServiceControlTest {

    private static final String DOOMED = "provider-sim";
    private static final String SURVIVOR = "provider-sim-2";

    @TempDir
    Path home;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void stopWhatWasStarted() throws Exception {
        LocalStack.down(home, out);
    }

    @Test
    void aDeadComponentIsShownDeadAndUpStartsOnlyItOnItsPortAndRestartGivesANewPidWithTheSameSettings() throws Exception {
        ServiceControl control = new ServiceControl(home, out);
        Readiness readiness = new Readiness(out);
        int doomedPort = FreePorts.next();
        int survivorPort = FreePorts.next();
        StackState started = control.start(StackState.empty(), sim(DOOMED, doomedPort), doomedPort);
        started = control.start(started, sim(SURVIVOR, survivorPort), survivorPort);
        readiness.await(started, DOOMED);
        readiness.await(started, SURVIVOR);
        assertThat(StackState.read(home)).as("the state file holds how each was started").contains(started);
        long doomedPid = started.pids().get(DOOMED);
        long survivorPid = started.pids().get(SURVIVOR);

        ProcessHandle doomed = ProcessHandle.of(doomedPid).orElseThrow();
        doomed.destroyForcibly();
        doomed.onExit().get(30, TimeUnit.SECONDS);
        StackState afterKill = StackState.read(home).orElseThrow();
        assertThat(afterKill.dead()).containsExactly(DOOMED);
        assertThat(afterKill.health(SURVIVOR)).contains("UP");
        String status = status();
        assertThat(status).containsPattern(DOOMED + " +" + doomedPid + " +dead +" + doomedPort + " +-")
                .containsPattern(SURVIVOR + " +" + survivorPid + " +alive +" + survivorPort + " +UP");

        // Options that differ from the first start's: a partial up must not use them.
        StackState up = new LocalStack(new StackOptions(home, 0, 1, 999, ""), out).up();
        assertThat(up.pids().get(SURVIVOR)).as("the live one is kept").isEqualTo(survivorPid);
        assertThat(up.pids().get(DOOMED)).isNotEqualTo(doomedPid);
        assertThat(up.dead()).isEmpty();
        assertThat(up.ports()).isEqualTo(started.ports());
        assertThat(up.launches()).isEqualTo(started.launches());
        assertThat(up.health(DOOMED)).as("answering on its old port").contains("UP");
        assertThat(commandLine(up.pids().get(DOOMED))).contains("--port " + doomedPort + " --latency-ms 0 ");
        assertThat(StackState.read(home)).contains(up);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("starting " + DOOMED + " again");

        long beforeRestart = up.pids().get(DOOMED);
        StackState restarted = control.restart(up, DOOMED);
        assertThat(ProcessHandle.of(beforeRestart).filter(ProcessHandle::isAlive)).as("the old process is gone").isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("it stopped on SIGTERM").doesNotContain("killing it");
        assertThat(restarted.pids().get(DOOMED)).isNotEqualTo(beforeRestart);
        assertThat(restarted.pids().get(SURVIVOR)).isEqualTo(survivorPid);
        assertThat(restarted.ports()).isEqualTo(started.ports());
        assertThat(restarted.launches()).isEqualTo(started.launches());
        assertThat(restarted.health(DOOMED)).contains("UP");
        assertThat(commandLine(restarted.pids().get(DOOMED))).contains("--port " + doomedPort + " --latency-ms 0 ");
        assertThat(StackState.read(home)).contains(restarted);

        StackState again = new LocalStack(new StackOptions(home, 0, 1, 0, ""), out).up();
        assertThat(again.pids()).as("up with everything running changes nothing").isEqualTo(restarted.pids());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("already up");
    }

    private static Launch sim(String name, int port) {
        return new Launch(name, "128m", List.of(), "dev.switchyard.sim.SimServer",
                List.of("--port", Integer.toString(port), "--latency-ms", "0", "--jitter-ms", "0"), "/health");
    }

    /** From /proc, as the JDK's ProcessHandle.Info cuts long command lines (the classpath) short. */
    private static String commandLine(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    }

    private String status() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new CommandLine(new StatusCommand()).execute("--home", home.toString());
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
