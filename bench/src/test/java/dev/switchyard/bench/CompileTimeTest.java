package dev.switchyard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The bench reads other JVMs' compile time from their perf counters; this JVM publishes them as well. */
class CompileTimeTest {

    @Test
    void readsTheCompileTimeARunningJvmPublishes() {
        long pid = ProcessHandle.current().pid();
        assumeTrue(Files.exists(CompileTime.counterFile(pid)), "this JVM publishes no perf counters (-XX:-UsePerfData)");

        OptionalDouble seconds = CompileTime.seconds(pid);

        // A JVM that has loaded JUnit has compiled for some milliseconds, and not for an hour.
        assertThat(seconds).isPresent();
        assertThat(seconds.getAsDouble()).isGreaterThan(0.001).isLessThan(3600);
    }

    @Test
    void aProcessWithoutCountersHasNone() {
        assertThat(CompileTime.seconds(Long.MAX_VALUE)).isEmpty();
        assertThat(CompileTime.secondsOf(Map.of("gone", Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void timeSpentIsTakenPerJvmPresentAtBothEnds() {
        assertThat(CompileTime.between(Map.of("router", 10.0, "kafka", 4.0), Map.of("router", 10.5, "baseline", 1.0)))
                .containsExactly(Map.entry("router", 0.5));
    }
}
