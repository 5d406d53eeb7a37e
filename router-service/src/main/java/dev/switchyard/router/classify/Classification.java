package dev.switchyard.router.classify;

import dev.switchyard.schema.Complexity;

/** What a request asks for: the task type (code, math, summarize...) and how hard it is. */
public record Classification(String taskType, Complexity complexity) {
}
