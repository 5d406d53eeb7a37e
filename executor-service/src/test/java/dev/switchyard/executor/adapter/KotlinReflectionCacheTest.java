package dev.switchyard.executor.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.full.KClasses;
import org.junit.jupiter.api.Test;

class KotlinReflectionCacheTest {

    @Test
    void holdsTheMembersTheOpenAiSdkLooksUpOnEveryCall() {
        assertThat(KotlinReflectionCache.hold(ChatCompletionCreateParams.class))
                .as("kotlin-reflect's internals changed: the executor's SDK calls may rebuild its caches again").isTrue();

        // The functions the SDK's lookup (KClasses.getDeclaredFunctions) walks must be among the
        // objects held, else holding keeps nothing the lookup reads. (That a collection clears no
        // soft reference of theirs needs a heap about to run out, which a test cannot afford.)
        Collection<?> held = KotlinReflectionCache.heldMembers(ChatCompletionCreateParams.class);
        Collection<?> read = KClasses.getDeclaredFunctions(JvmClassMappingKt.getKotlinClass(ChatCompletionCreateParams.class));
        assertThat(read).isNotEmpty();
        Set<Object> heldIdentities = Collections.newSetFromMap(new IdentityHashMap<>());
        heldIdentities.addAll(held);
        assertThat(read).allMatch(heldIdentities::contains);
    }
}
