package dev.switchyard.executor.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.List;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import kotlin.reflect.full.KClasses;
import org.junit.jupiter.api.Test;

class KotlinReflectionCacheTest {

    private static KClass<?> kotlinView() {
        return JvmClassMappingKt.getKotlinClass(ChatCompletionCreateParams.class);
    }

    @Test
    void holdsTheMembersTheOpenAiSdkLooksUpOnEveryCall() {
        assertThat(KotlinReflectionCache.hold(ChatCompletionCreateParams.class))
                .as("kotlin-reflect's internals changed: the executor's SDK calls may rebuild its caches again").isTrue();

        // The SDK's lookup (KClasses.getDeclaredFunctions) must see the very objects held, not copies.
        List<?> first = List.copyOf(KClasses.getDeclaredFunctions(kotlinView()));
        System.gc();
        List<?> again = List.copyOf(KClasses.getDeclaredFunctions(kotlinView()));
        assertThat(again).hasSameSizeAs(first).isNotEmpty();
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i)).isSameAs(first.get(i));
        }
    }
}
