package dev.switchyard.router.classify.learned;

import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.Message;
import java.util.List;

/**
 * One example of the labelled corpus: a conversation as a request carries it, and what the
 * routing rubric (docs/ROUTING-RUBRIC.md) says it is.
 *
 * @param source  who wrote it, in which voice: the corpus is split into train, validation and
 *                test by source, so that no voice is both learned from and judged on
 * @param minTier the cheapest tier whose models answer it well enough
 */
public record LabelledConversation(String id, String source, List<Message> messages, String taskType, Complexity complexity,
                                   Tier minTier) {
}
