package dev.switchyard.router.classify;

import java.util.List;

/** The task types the classifier gives and the catalog scores quality for. */
public final class TaskTypes {

    public static final String CODE = "code";
    public static final String SUMMARIZE = "summarize";
    public static final String TRANSLATE = "translate";
    public static final String EXTRACT = "extract";
    public static final String CLASSIFY = "classify";
    public static final String CREATIVE = "creative";
    public static final String CHAT = "chat";

    /** The routing rubric's name for math, logic and other deductive work (a catalog may still score it as math). */
    public static final String REASONING = "reasoning";

    /** The task types of the routing rubric (docs/ROUTING-RUBRIC.md), in the order the learned classifier's head gives them. */
    public static final List<String> RUBRIC = List.of(CHAT, CODE, REASONING, SUMMARIZE, TRANSLATE, EXTRACT, CLASSIFY, CREATIVE);

    private TaskTypes() {
    }
}
