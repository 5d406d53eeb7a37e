package dev.switchyard.executor.adapter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import kotlin.Lazy;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps kotlin-reflect's view of an SDK class alive for the life of the executor.
 *
 * <p>The OpenAI SDK finds each request's {@code model} by Kotlin reflection on every call
 * ({@code PrepareRequest.modelNameOrNull}). kotlin-reflect caches a class's members behind soft
 * references, and the executor's heap is mostly calls in flight: a collection short of room
 * clears them (a full collection may clear every soft reference, whatever
 * {@code -XX:SoftRefLRUPolicyMSPerMB} says), and the next call rebuilds them from the class's
 * metadata, with new method accessors for the JIT to compile again. Held here, they are strongly
 * reachable, and no collection clears them.
 *
 * <p>This reaches kotlin-reflect's internals by name. Should they change, {@link #hold} logs it
 * and the executor runs as before, only slower; {@code KotlinReflectionCacheTest} fails first.
 */
final class KotlinReflectionCache {

    private static final Logger log = LoggerFactory.getLogger(KotlinReflectionCache.class);
    private static final Map<Class<?>, Held> HELD = new ConcurrentHashMap<>();

    /** What is kept of one class: each a referent of one of kotlin-reflect's soft caches. */
    private record Held(KClass<?> kotlinClass, Collection<?> members, List<Object> descriptors) {
    }

    private KotlinReflectionCache() {
    }

    /** Holds the class's Kotlin view, its declared members and their descriptors; false when that failed. */
    static boolean hold(Class<?> type) {
        try {
            KClass<?> kotlinClass = JvmClassMappingKt.getKotlinClass(type);
            Object data = ((Lazy<?>) kotlinClass.getClass().getMethod("getData").invoke(kotlinClass)).getValue();
            Collection<?> members = (Collection<?>) data.getClass().getMethod("getDeclaredMembers").invoke(data);
            List<Object> descriptors = new ArrayList<>();
            for (Object member : members) {
                descriptors.add(member.getClass().getMethod("getDescriptor").invoke(member));
            }
            HELD.put(type, new Held(kotlinClass, members, descriptors));
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.info("cannot hold kotlin-reflect's view of {}; its SDK calls may rebuild it when memory is short: {}",
                    type.getName(), e.toString());
            return false;
        }
    }

    /** The declared members held for a class (what {@code KClasses.getDeclaredFunctions} filters), or null. */
    static Collection<?> heldMembers(Class<?> type) {
        Held held = HELD.get(type);
        return held == null ? null : held.members();
    }
}
