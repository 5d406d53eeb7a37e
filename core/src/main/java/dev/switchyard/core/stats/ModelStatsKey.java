package dev.switchyard.core.stats;

/**
 * Keys of {@code llm.model-stats}: {@code <model> NUL <executor instance>}. Each executor instance
 * owns its own key per model, so on the compacted topic one instance's report never replaces
 * another's; the router combines them. NUL cannot appear in a model id, so the model is always
 * what comes before the first one. A key without NUL, as executors wrote before there were
 * instances, is one instance's report, the unnamed one's.
 */
public final class ModelStatsKey {

    private static final char SEPARATOR = '\0';
    /** The instance of a key without one. */
    public static final String UNNAMED_INSTANCE = "";

    private ModelStatsKey() {
    }

    public static String of(String model, String instance) {
        return model + SEPARATOR + instance;
    }

    public static String model(String key) {
        int separator = key.indexOf(SEPARATOR);
        return separator < 0 ? key : key.substring(0, separator);
    }

    public static String instance(String key) {
        int separator = key.indexOf(SEPARATOR);
        return separator < 0 ? UNNAMED_INSTANCE : key.substring(separator + 1);
    }
}
