package dev.switchyard.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The knobs in force: a default for every model and overrides per model, changeable at run time. */
public final class KnobBoard {

    public static final String DEFAULT = "_default";

    private volatile Knobs defaults;
    private final Map<String, Knobs> perModel = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> callsPerModel = new ConcurrentHashMap<>();

    public KnobBoard(Knobs defaults) {
        defaults.validate();
        this.defaults = defaults;
    }

    public Knobs forModel(String model) {
        return perModel.getOrDefault(model, defaults);
    }

    public void set(String model, Knobs knobs) {
        knobs.validate();
        if (DEFAULT.equals(model)) {
            defaults = knobs;
        } else {
            perModel.put(model, knobs);
        }
    }

    public void reset(Knobs newDefaults) {
        newDefaults.validate();
        perModel.clear();
        defaults = newDefaults;
    }

    void countCall(String model) {
        callsPerModel.computeIfAbsent(model, m -> new LongAdder()).increment();
    }

    public long calls(String model) {
        LongAdder calls = callsPerModel.get(model);
        return calls == null ? 0 : calls.sum();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> view = new TreeMap<>();
        view.put(DEFAULT, defaults);
        view.putAll(perModel);
        return view;
    }

    Map<String, Long> callCounts() {
        Map<String, Long> counts = new TreeMap<>();
        callsPerModel.forEach((model, calls) -> counts.put(model, calls.sum()));
        return counts;
    }
}
