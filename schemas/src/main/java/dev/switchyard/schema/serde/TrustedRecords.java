package dev.switchyard.schema.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 instantiates only classes it trusts when it maps a schema name to a class, which
 * happens even when a builder fills in an enum default. Our generated records are trusted here,
 * once, on top of whatever the deployment already trusts. The topic registry and the serdes call
 * it; a program that builds records before either exists calls {@link #ensure()} first (or sets
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES=dev.switchyard.schema}).
 */
public final class TrustedRecords {

    private static final String GENERATED_PACKAGE = "dev.switchyard.schema.";

    static {
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(type -> type.getName().startsWith(GENERATED_PACKAGE) || previous.isTrusted(type));
    }

    private TrustedRecords() {
    }

    /** Loads this class, which runs its static initializer exactly once. */
    public static void ensure() {
        // The work is in the static initializer.
    }
}
