package dev.switchyard.cli;

import dev.switchyard.cli.client.RecordWriter;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.Feedback;
import dev.switchyard.schema.serde.TrustedRecords;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Judges one answer: a Feedback record on {@code llm.feedback}, which the routers learn from. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "Judge an answer: its score, and whether it was good enough. BALANCED and PREFERENCE rank by a tenant's "
                + "judgements, and its insufficient answers lean its routing toward stronger models.")
public final class FeedbackCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Parameters(paramLabel = "REQUEST_ID", description = "The request whose answer is judged.")
    String requestId;

    @Option(names = "--tenant", required = true, description = "The request's tenant; feedback of another tenant is ignored.")
    String tenant;

    @Option(names = "--user", description = "Who judged it.")
    String user;

    @Option(names = "--score", required = true, description = "0.0 (useless) to 1.0 (perfect).")
    double score;

    @ArgGroup(exclusive = true)
    Verdict verdict;

    static final class Verdict {
        @Option(names = "--insufficient", description = "The answer was not good enough.")
        boolean insufficient;

        @Option(names = "--sufficient", description = "The answer was good enough. Without either, a score of 0.5 or more is.")
        boolean sufficient;
    }

    @Option(names = "--comment", description = "Free text, kept on the record (never logged).")
    String comment;

    @Override
    public Integer call() throws Exception {
        if (!(score >= 0 && score <= 1)) {
            System.err.println("--score must be within 0.0 and 1.0, not " + score);
            return SwitchyardCli.USAGE;
        }
        TrustedRecords.ensure();
        Feedback feedback = Feedback.newBuilder().setRequestId(requestId).setTenantId(tenant).setUserId(user).setScore(score)
                .setSufficient(verdict == null ? null : verdict.sufficient).setComment(comment).setAtMs(Instant.now()).build();
        KafkaSettings kafka = home.kafka();
        try (RecordWriter writer = new RecordWriter(kafka, "switchyard-feedback")) {
            writer.sendAndWait(kafka.topics().feedback, requestId, feedback);
        }
        System.out.println("feedback on " + requestId + " sent: score " + score
                + (verdict == null ? "" : verdict.sufficient ? ", sufficient" : ", insufficient"));
        return SwitchyardCli.OK;
    }
}
