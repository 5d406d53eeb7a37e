package dev.switchyard.executor.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

    private static WorkerOptions options(int maxInFlight, int maxHeld) {
        return new WorkerOptions(maxInFlight, maxHeld, Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    @Test
    void finishedCallsWaitingToBeWrittenDoNotTakeTheRoomOfCalls() {
        WorkerOptions options = options(1_000, 3_000);
        // 750 calls running, 2,000 held: 1,250 of them finished behind one slow call of their partition.
        assertThat(options.roomForAPoll(750, 2_000)).isTrue();
        assertThat(options.roomForAPoll(751, 2_000)).as("a poll of 250 would pass the call bound").isFalse();
    }

    @Test
    void heldRecordsAreBoundedToo_soOneHungCallCannotGrowMemory() {
        WorkerOptions options = options(1_000, 3_000);
        assertThat(options.roomForAPoll(10, 2_751)).isFalse();
        assertThat(options.roomForAPoll(10, 2_750)).isTrue();
    }

    @Test
    void pollsResumeWhileMostCallsStillRun_neverPastTheBound() {
        assertThat(options(40, 120).pollSize()).isEqualTo(10);
        assertThat(options(10_500, 31_500).pollSize()).isEqualTo(500);
        assertThat(options(3, 9).pollSize()).isEqualTo(1);
        assertThat(options(40, 120).roomForAPoll(30, 60)).isTrue();
        assertThat(options(40, 120).roomForAPoll(31, 60)).isFalse();
    }

    @Test
    void refusesAHeldBoundBelowTheCallBound() {
        assertThatThrownBy(() -> options(100, 50)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-held");
    }
}
