package dev.switchyard.router.classify;

import dev.switchyard.schema.Complexity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One line of the labelled classifier set, {@code classifier/labelled-prompts.tsv}: task type, complexity, prompt. */
record LabelledPrompt(String taskType, Complexity complexity, String prompt) {

    static List<LabelledPrompt> all() throws IOException {
        try (InputStream in = LabelledPrompt.class.getResourceAsStream("/classifier/labelled-prompts.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t", 3))
                    .map(parts -> new LabelledPrompt(parts[0], Complexity.valueOf(parts[1]), parts[2]))
                    .toList();
        }
    }
}
