package dev.switchyard.router.classify.learned;

import dev.switchyard.schema.Complexity;
import java.util.Locale;

/**
 * The model tiers of the routing rubric: small (mini, haiku, flash), medium (the providers'
 * mainstream models), large (flagship and reasoning models). A request on a tier below its
 * cheapest sufficient one is under-served; above it, over-served.
 */
public enum Tier {
    SMALL, MEDIUM, LARGE;

    /** The tier a complexity usually needs: the rubric's "usually enough" column. */
    public static Tier usuallyEnoughFor(Complexity complexity) {
        return switch (complexity) {
            case SIMPLE, MODERATE -> SMALL;
            case COMPLEX -> MEDIUM;
            case EXPERT -> LARGE;
        };
    }

    public static Tier parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
