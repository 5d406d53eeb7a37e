package dev.switchyard.router.classify.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HashedNgramsTest {

    @Test
    void aTextIsAUnitVectorOfIncreasingBucketsInRange() {
        HashedNgrams.Vector v = HashedNgrams.of("Summarise this thread in three bullets, please.");
        assertThat(v.buckets()).isSorted().doesNotHaveDuplicates();
        assertThat(Arrays.stream(v.buckets()).allMatch(b -> b >= 0 && b < HashedNgrams.BUCKETS)).isTrue();
        assertThat(Arrays.stream(v.values()).map(x -> x * x).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(Arrays.stream(v.values()).allMatch(x -> x > 0)).isTrue();
    }

    @Test
    void caseAndSpacingDoNotMatterButWordsDo() {
        HashedNgrams.Vector a = HashedNgrams.of("tl;dr   this post");
        HashedNgrams.Vector b = HashedNgrams.of("TL;DR this\n post");
        HashedNgrams.Vector c = HashedNgrams.of("translate this post");
        assertThat(a.buckets()).isEqualTo(b.buckets());
        assertThat(a.values()).isEqualTo(b.values());
        assertThat(cosine(a, c)).isLessThan(0.8);
    }

    @Test
    void aRepeatedNgramCountsOnce() {
        HashedNgrams.Vector once = HashedNgrams.of("ok");
        HashedNgrams.Vector thrice = HashedNgrams.of("ok ok ok");
        assertThat(thrice.buckets()).contains(once.buckets());
        assertThat(thrice.buckets().length).isLessThan(3 * once.buckets().length + 8);
    }

    @Test
    void scriptsWithoutSpacesStillGiveNgramsAndAnEmptyTextGivesNone() {
        assertThat(HashedNgrams.of("レビューを日本語で一文に要約してください").buckets()).hasSizeGreaterThan(40);
        assertThat(HashedNgrams.of("   ").buckets()).isEmpty();
    }

    private static double cosine(HashedNgrams.Vector a, HashedNgrams.Vector b) {
        double sum = 0;
        for (int i = 0, j = 0; i < a.buckets().length && j < b.buckets().length; ) {
            if (a.buckets()[i] == b.buckets()[j]) {
                sum += a.values()[i++] * b.values()[j++];
            } else if (a.buckets()[i] < b.buckets()[j]) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }
}
