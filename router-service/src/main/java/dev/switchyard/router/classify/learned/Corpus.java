package dev.switchyard.router.classify.learned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The labelled corpus bundled with the router, and labelled files of a user's own: JSON lines of
 * {@code {id?, source?, prompt | messages, taskType, complexity, minTier?}}.
 *
 * <p>The bundled corpus is split by source ({@code corpus/splits.properties}): whole voices go to
 * training, to validation (which sets temperatures, cut-points and the tier threshold) and to a
 * held-out test part, which tunes nothing and is only ever reported on.
 */
public final class Corpus {

    public enum Split { TRAIN, VALIDATION, TEST }

    private static final String FOLDER = "/dev/switchyard/router/classify/corpus/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Split, List<LabelledConversation>> bySplit;

    private Corpus(Map<Split, List<LabelledConversation>> bySplit) {
        this.bySplit = bySplit;
    }

    /** The corpus shipped in the router's jar, split as {@code splits.properties} says. */
    public static Corpus bundled() {
        Properties splits = new Properties();
        try (InputStream in = resource("splits.properties")) {
            splits.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Split, List<LabelledConversation>> bySplit = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            bySplit.put(split, new ArrayList<>());
        }
        // Sorted by source, so the order of examples, and so training, never depends on the file system.
        new java.util.TreeMap<>(splits).forEach((source, split) -> {
            try (InputStream in = resource(source + ".jsonl")) {
                bySplit.get(Split.valueOf(split.toString().trim().toUpperCase(Locale.ROOT)))
                        .addAll(read(new InputStreamReader(in, StandardCharsets.UTF_8), source.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new Corpus(bySplit);
    }

    public List<LabelledConversation> part(Split split) {
        return bySplit.get(split);
    }

    /** A user's labelled file: each line names a {@code prompt} or {@code messages}, and the labels. */
    public static List<LabelledConversation> readFile(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.getFileName().toString());
        }
    }

    static List<LabelledConversation> read(Reader reader, String defaultSource) throws IOException {
        List<LabelledConversation> examples = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                examples.add(example(JSON.readTree(line), defaultSource, number));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(defaultSource + " line " + number + ": " + e.getMessage(), e);
            }
        }
        return examples;
    }

    private static LabelledConversation example(JsonNode line, String defaultSource, int number) {
        List<Message> messages = new ArrayList<>();
        if (line.hasNonNull("messages")) {
            for (JsonNode message : line.get("messages")) {
                messages.add(Messages.text(message.path("role").asText("user"), message.path("content").asText("")));
            }
        } else if (line.hasNonNull("prompt")) {
            messages.add(Messages.text("user", line.get("prompt").asText()));
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("needs a prompt or messages");
        }
        if (!line.hasNonNull("taskType") || !line.hasNonNull("complexity")) {
            throw new IllegalArgumentException("needs taskType and complexity");
        }
        Complexity complexity = Complexity.valueOf(line.get("complexity").asText().trim().toUpperCase(Locale.ROOT));
        Tier minTier = line.hasNonNull("minTier") ? Tier.parse(line.get("minTier").asText()) : Tier.usuallyEnoughFor(complexity);
        return new LabelledConversation(line.path("id").asText(defaultSource + "-" + number), line.path("source").asText(defaultSource),
                messages, line.get("taskType").asText().trim().toLowerCase(Locale.ROOT), complexity, minTier);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Corpus.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IOException(FOLDER + name + " is missing from the classpath");
        }
        return in;
    }
}
