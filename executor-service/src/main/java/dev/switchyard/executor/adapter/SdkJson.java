package dev.switchyard.executor.adapter;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The SDKs' JSON mappers, with Jackson's parse and write buffers shared across threads. Jackson
 * recycles them per thread by default; every call here runs on a new virtual thread, so every
 * call allocated fresh buffers, the executor's largest source of garbage in a JFR allocation
 * profile at ten thousand calls in flight.
 */
final class SdkJson {

    private SdkJson() {
    }

    static JsonMapper pooled(JsonMapper json) {
        json.getFactory().setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
        return json;
    }
}
