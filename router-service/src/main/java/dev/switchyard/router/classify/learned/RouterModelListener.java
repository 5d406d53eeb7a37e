package dev.switchyard.router.classify.learned;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.TopicFollower;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches a router's learned classifier to each model published under its name on
 * {@code llm.router-models}, without a restart. A model that fails validation is logged and
 * refused; the last good one stays.
 */
public final class RouterModelListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RouterModelListener.class);

    private final LearnedClassifier classifier;
    private final String modelName;
    private final TopicFollower follower;

    public RouterModelListener(KafkaSettings kafka, LearnedClassifier classifier, String modelName) {
        this.classifier = classifier;
        this.modelName = modelName;
        this.follower = new TopicFollower(kafka, kafka.topics().routerModels.name(), "router-model-listener", this::offerLatest);
    }

    /** Only the newest model of this name in a poll matters: the earlier ones were superseded at once. */
    private void offerLatest(ConsumerRecords<byte[], byte[]> records) {
        ConsumerRecord<byte[], byte[]> latest = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() != null && record.value() != null && modelName.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                latest = record;
            }
        }
        if (latest == null) {
            return;
        }
        String where = latest.topic() + "@" + latest.partition() + ":" + latest.offset();
        try {
            LearnedModel model = Training.fromJson(new String(latest.value(), StandardCharsets.UTF_8)).validated();
            if (!model.version().equals(classifier.model().version())) {
                classifier.use(model);
                log.info("classifier model '{}' is now {} (from {})", modelName, model.version(), where);
            }
        } catch (IllegalArgumentException refused) {
            log.error("classifier model '{}' from {} refused; {} stays: {}", modelName, where, classifier.model().version(),
                    refused.getMessage());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
