package dev.switchyard.router.lean;

import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How far the learned classifier leans up for each tenant ({@link TenantLean}).
 *
 * @param largeTierShare  the share of a tenant's calls wanted on the large tier, per tenant id,
 *                        e.g. {@code switchyard.router.lean.large-tier-share.acme=0.25}. A tenant
 *                        without one keeps the trained threshold, which held under-serving to 3% of
 *                        the validation part: the sane default, as under-serving costs answers
 * @param tolerated       the share of judged answers below the large tier that may be insufficient
 *                        before the lean moves up: 10%. Below it the lean moves down, to save cost;
 *                        above it up, by the excess
 * @param judgedPrior     how many judgements count as much as the configured share: 50, so that the
 *                        lean moves by half the excess after 50 judgements and a handful barely
 *                        moves it
 */
public record LeanOptions(@DefaultValue Map<String, Double> largeTierShare, @DefaultValue("0.10") double tolerated,
                          @DefaultValue("50") int judgedPrior) {

    public LeanOptions {
        largeTierShare = Map.copyOf(largeTierShare);
        largeTierShare.forEach((tenant, share) -> {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("switchyard.router.lean.large-tier-share." + tenant + " must be within 0 and 1, not " + share);
            }
        });
        if (!(tolerated >= 0 && tolerated < 1)) {
            throw new IllegalArgumentException("switchyard.router.lean.tolerated must be within 0 and 1, not " + tolerated);
        }
        if (judgedPrior < 1) {
            throw new IllegalArgumentException("switchyard.router.lean.judged-prior must be at least 1");
        }
    }

    public static LeanOptions defaults() {
        return new LeanOptions(Map.of(), 0.10, 50);
    }
}
