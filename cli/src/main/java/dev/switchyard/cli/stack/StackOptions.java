package dev.switchyard.cli.stack;

import java.nio.file.Path;

/**
 * How {@code up} lays out a local stack.
 *
 * @param home        where data, logs and the state file go
 * @param kafkaPort   the broker's client port; 0 picks a free one
 * @param partitions  partitions per topic: six lets the demo spread over several stream tasks
 *                    and executor consumers without making the single broker slow to start
 * @param simLatencyMs the simulator's median answer time: 0 for benchmarks, a little for demos
 * @param catalogPath the model catalog; blank means the built-in default
 */
public record StackOptions(Path home, int kafkaPort, int partitions, int simLatencyMs, String catalogPath) {
}
