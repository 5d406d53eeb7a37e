package dev.switchyard.core.catalog;

import java.util.List;

/** A catalog was refused; the message lists every problem with where it is. */
public final class CatalogException extends RuntimeException {

    private final List<String> problems;

    public CatalogException(String source, List<String> problems) {
        super("catalog " + source + " refused:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
