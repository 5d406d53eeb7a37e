package dev.switchyard.router.lean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.router.classify.Classification;
import dev.switchyard.router.classify.Leaning;
import dev.switchyard.router.strategy.JudgedSignals;
import dev.switchyard.router.strategy.Signals;
import dev.switchyard.schema.Complexity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantLeanTest {

    /** Large-tier scores of the validation part, mostly low as they are: a share s needs the threshold (1 - s)^3. */
    private static final double[] CUBED = new double[101];

    static {
        for (int q = 0; q < CUBED.length; q++) {
            CUBED[q] = Math.pow(q / 100.0, 3);
        }
    }

    /** Most likely MODERATE, but COMPLEX or EXPERT 35% of the time, EXPERT alone 15%. */
    private static final Classification UNSURE = new Classification("code", Complexity.MODERATE, 0.9, 0.45, "learned-test",
            Complexity.COMPLEX, new Leaning(new double[] {0.2, 0.45, 0.2, 0.15}, CUBED, 0.3));

    private final TenantLean lean = new TenantLean(new LeanOptions(Map.of("acme", 0.25), 0.10, 50));

    @Test
    void aTenantWithoutShareOrFeedbackKeepsTheTrainedLean() {
        Classification same = lean.apply(UNSURE, "globex", Signals.NONE);
        assertThat(same).isSameAs(UNSURE);
        assertThat(same.describe()).doesNotContain("lean");
    }

    @Test
    void aTargetShareOfLargeTierCallsSetsTheThreshold() {
        Classification acme = lean.apply(UNSURE, "acme", Signals.NONE);
        assertThat(acme.threshold()).isCloseTo(0.421875, org.assertj.core.data.Offset.offset(1e-9)); // 0.75^3
        assertThat(acme.routeAs()).as("a quarter on the large tier leans less than the trained 0.3: P(>= COMPLEX) is 0.35")
                .isEqualTo(Complexity.MODERATE);
        TenantLean generous = new TenantLean(new LeanOptions(Map.of("acme", 0.9), 0.10, 50));
        Classification leaned = generous.apply(UNSURE, "acme", Signals.NONE);
        assertThat(leaned.threshold()).as("0.001 asked, at least 0.01 given").isEqualTo(Leaning.MIN_THRESHOLD);
        assertThat(leaned.routeAs()).as("P(EXPERT) 0.15 >= 0.01").isEqualTo(Complexity.EXPERT);
        assertThat(leaned.describe()).contains("routed as EXPERT (tenant's lean 0.010)");
        TenantLean none = new TenantLean(new LeanOptions(Map.of("acme", 0.0), 0.10, 50));
        assertThat(none.apply(UNSURE, "acme", Signals.NONE).threshold()).as("none asked: the least lean").isEqualTo(Leaning.MAX_THRESHOLD);
    }

    @Test
    void insufficientAnswersMoveTheTenantsLeanUpAndSufficientOnesDown() {
        double trained = lean.share(UNSURE.leaning(), "globex", judged(Complexity.MODERATE, 0, 0));
        double unhappy = lean.share(UNSURE.leaning(), "globex", judged(Complexity.MODERATE, 20, 100));
        double happy = lean.share(UNSURE.leaning(), "globex", judged(Complexity.MODERATE, 100, 100));
        assertThat(trained).isNaN();
        double base = UNSURE.leaning().shareAt(0.3);
        assertThat(unhappy).as("80% insufficient").isGreaterThan(base + 0.4);
        assertThat(happy).as("all sufficient").isLessThan(base);
        assertThat(lean.apply(UNSURE, "globex", judged(Complexity.MODERATE, 20, 100)).threshold())
                .as("a lower threshold: more requests lean up").isLessThan(0.3);
        assertThat(lean.share(UNSURE.leaning(), "globex", judged(Complexity.EXPERT, 0, 100)))
                .as("EXPERT answers go to the large tier anyway: they say nothing of leaning").isNaN();
        double few = lean.share(UNSURE.leaning(), "acme", judged(Complexity.SIMPLE, 0, 5));
        double many = lean.share(UNSURE.leaning(), "acme", judged(Complexity.SIMPLE, 0, 500));
        assertThat(few).as("a handful barely moves it").isBetween(0.25, 0.35);
        assertThat(many).isGreaterThan(0.9);
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedNamingTheTenant() {
        assertThatThrownBy(() -> new LeanOptions(Map.of("acme", 1.5), 0.1, 50)).hasMessageContaining("large-tier-share.acme");
    }

    @Test
    void rulesGiveNoProbabilitiesAndAreNotLeaned() {
        Classification rules = new Classification("code", Complexity.COMPLEX);
        assertThat(lean.apply(rules, "acme", judged(Complexity.COMPLEX, 0, 100))).isSameAs(rules);
    }

    /** Judgements of this tenant's answers at one complexity, whatever the tenant asked about. */
    private static Signals judged(Complexity at, long sufficient, long total) {
        return new JudgedSignals((tenantId, taskType, complexity, model) -> taskType.isEmpty() && complexity == at
                ? new Signals.Outcomes(sufficient, total) : Signals.Outcomes.NONE);
    }
}
