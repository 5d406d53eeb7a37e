package dev.switchyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.router.classify.Classifier;
import dev.switchyard.router.classify.RuleBasedClassifier;
import dev.switchyard.router.classify.TaskTypes;
import dev.switchyard.router.classify.learned.Corpus;
import dev.switchyard.router.classify.learned.Evaluation;
import dev.switchyard.router.classify.learned.LabelledConversation;
import dev.switchyard.router.classify.learned.LearnedClassifier;
import dev.switchyard.router.classify.learned.LearnedModel;
import dev.switchyard.router.classify.learned.SentenceEmbedder;
import dev.switchyard.router.classify.learned.Training;
import dev.switchyard.schema.serde.TrustedRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchyard router eval|train}: the router's classifier on a user's own labelled traffic. */
@Command(name = "router", mixinStandardHelpOptions = true, description = "Evaluate or train the router's classifier on your own labelled traffic.",
        subcommands = {ClassifierCommand.Eval.class, ClassifierCommand.Train.class})
public final class ClassifierCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Accuracy per task type and complexity, both confusion matrices, the tier outcome and the cost against "
                    + "always using the large tier, on a JSONL file of {prompt or messages, taskType, complexity, minTier?}.")
    static final class Eval implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Labelled conversations, one JSON object a line.")
        Path file;

        @Option(names = "--classifier", defaultValue = "learned", description = "learned (default) or rules.")
        String classifier;

        @Option(names = "--embedding", description = "Evaluate the bundled learned model that also reads the sentence embedding.")
        boolean embedding;

        @Option(names = "--json", description = "Print the figures as one JSON document.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            TrustedRecords.ensure();
            List<LabelledConversation> examples = Corpus.readFile(file);
            boolean rules = classifier.equals("rules");
            try (SentenceEmbedder embedder = !rules && embedding ? new SentenceEmbedder(0) : null) {
                Classifier chosen = rules ? new RuleBasedClassifier() : new LearnedClassifier(embedder, Training.bundledModel(embedding));
                Evaluation evaluation = Evaluation.of(chosen, examples, TaskTypes.RUBRIC);
                System.out.println(json ? JSON.writeValueAsString(document(evaluation)) : evaluation.report());
            }
            return SwitchyardCli.OK;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train the classifier's heads on your labelled traffic (80% train, 10% calibrate, 10% held out by a "
                    + "hash of each id), report the held-out figures, and optionally publish the model: every router running the "
                    + "learned classifier under that name switches to it without a restart.")
    static final class Train implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Parameters(paramLabel = "FILE", description = "Labelled conversations, one JSON object a line.")
        Path file;

        @Option(names = "--with-bundled", description = "Train on the bundled corpus as well as on FILE.")
        boolean withBundled;

        @Option(names = "--embedding", description = "Let the model read the sentence embedding too: a few points more accurate, "
                + "10-20 ms a new prompt on the router instead of a fraction of a millisecond.")
        boolean embedding;

        @Option(names = "--publish", description = "Publish the model to llm.router-models.")
        boolean publish;

        @Option(names = "--name", defaultValue = "default", description = "The model name routers follow (default: default).")
        String name;

        @Option(names = "--out", description = "Also write the model to this file.")
        Path out;

        @Override
        public Integer call() throws Exception {
            TrustedRecords.ensure();
            Training.Parts own = Training.split(Corpus.readFile(file));
            LearnedModel model;
            try (SentenceEmbedder embedder = embedding ? new SentenceEmbedder(0) : null) {
                try {
                    model = Training.trainOwn(own, withBundled, embedder).validated();
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    return SwitchyardCli.USAGE;
                }
                LearnedClassifier trained = new LearnedClassifier(embedder, model);
                System.out.println("trained " + model.version() + " on " + own.train().size() + " of your conversations"
                        + (withBundled ? " and the bundled corpus" : ""));
                if (!own.test().isEmpty()) {
                    System.out.println("held out, " + own.test().size() + " of yours:\n"
                            + Evaluation.of(trained, own.test(), TaskTypes.RUBRIC).report());
                }
                if (withBundled) {
                    System.out.println("held out, the bundled test part:\n"
                            + Evaluation.of(trained, Corpus.bundled().part(Corpus.Split.TEST), TaskTypes.RUBRIC).report());
                }
            }
            String text = Training.toJson(model);
            if (out != null) {
                Files.writeString(out, text, StandardCharsets.UTF_8);
            }
            if (publish) {
                KafkaSettings kafka = home.kafka();
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("switchyard-cli"))) {
                    producer.send(new ProducerRecord<>(kafka.topics().routerModels.name(), name.getBytes(StandardCharsets.UTF_8),
                            text.getBytes(StandardCharsets.UTF_8))).get();
                }
                System.out.println("published " + model.version() + " as '" + name + "' to " + kafka.topics().routerModels.name());
            }
            return SwitchyardCli.OK;
        }
    }

    private static Map<String, Object> document(Evaluation evaluation) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("examples", evaluation.examples());
        document.put("taskTypeAccuracy", evaluation.taskAccuracy());
        document.put("complexityAccuracy", evaluation.complexityAccuracy());
        document.put("complexityWithinOne", evaluation.complexityWithinOne());
        document.put("perTaskType", evaluation.perTaskType());
        document.put("perComplexity", evaluation.perComplexity());
        document.put("taskTypes", evaluation.taskTypes());
        document.put("taskConfusion", evaluation.taskConfusion());
        document.put("complexityConfusion", evaluation.complexityConfusion());
        document.put("sufficientShare", evaluation.sufficientShare());
        document.put("underServedShare", evaluation.underServedShare());
        document.put("overServedShare", evaluation.overServedShare());
        document.put("costShareOfAlwaysLarge", evaluation.tierCostShare());
        return document;
    }
}
