package dev.switchyard.router.lean;

import dev.switchyard.router.classify.Classification;
import dev.switchyard.router.classify.Leaning;
import dev.switchyard.router.strategy.Signals;
import dev.switchyard.schema.Complexity;
import java.util.List;

/**
 * Each tenant's lean to the large tier, set as a target share of large-tier calls and moved by
 * the tenant's feedback. When the answers it judged among those not predicted EXPERT were
 * insufficient more often than {@link LeanOptions#tolerated}, its share moves up by the excess,
 * weighed by how many judgements there are; when less often, down. The share is turned into the
 * threshold the classification is leaned at ({@link Leaning#thresholdFor}). A tenant with
 * neither a share of its own nor judgements keeps the trained threshold.
 */
public final class TenantLean {

    /** The complexities whose answers say whether leaning up was needed: EXPERT goes to the large tier anyway. */
    private static final List<Complexity> BELOW_EXPERT = List.of(Complexity.SIMPLE, Complexity.MODERATE, Complexity.COMPLEX);

    private final LeanOptions options;

    public TenantLean(LeanOptions options) {
        this.options = options;
    }

    public Classification apply(Classification classification, String tenantId, Signals signals) {
        Leaning leaning = classification.leaning();
        if (leaning == null) {
            return classification;
        }
        double share = share(leaning, tenantId, signals);
        return Double.isNaN(share) ? classification : classification.leanedAt(leaning.thresholdFor(share));
    }

    /** The tenant's share of large-tier calls as its feedback moved it; NaN to keep the trained threshold. */
    double share(Leaning leaning, String tenantId, Signals signals) {
        Double configured = options.largeTierShare().get(tenantId);
        long sufficient = 0;
        long judged = 0;
        for (Complexity complexity : BELOW_EXPERT) {
            Signals.Outcomes counts = signals.judged(tenantId, complexity);
            sufficient += counts.succeeded();
            judged += counts.total();
        }
        if (configured == null && judged == 0) {
            return Double.NaN;
        }
        double base = configured != null ? configured : leaning.shareAt(leaning.trainedThreshold());
        if (judged == 0) {
            return base;
        }
        double insufficient = (judged - sufficient) / (double) judged;
        double weight = judged / (double) (judged + options.judgedPrior());
        return Math.clamp(base + weight * (insufficient - options.tolerated()), 0, 1);
    }
}
