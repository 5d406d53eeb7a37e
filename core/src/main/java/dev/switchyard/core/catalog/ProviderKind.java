package dev.switchyard.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The wire protocol a provider speaks, which picks the executor's adapter. */
public enum ProviderKind {
    OPENAI_COMPATIBLE("openai-compatible"),
    ANTHROPIC("anthropic");

    private final String wireName;

    ProviderKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static ProviderKind of(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown provider kind '" + name + "', expected one of "
                        + Arrays.stream(values()).map(ProviderKind::wireName).collect(Collectors.joining(", "))));
    }
}
