package dev.switchyard.router.classify;

import java.util.List;

/** The task types the classifier gives and the catalog scores quality for. */
public final class TaskTypes {

    public static final String CODE = "code";
    public static final String MATH = "math";
    public static final String SUMMARIZE = "summarize";
    public static final String TRANSLATE = "translate";
    public static final String EXTRACT = "extract";
    public static final String CLASSIFY = "classify";
    public static final String CREATIVE = "creative";
    public static final String CHAT = "chat";

    public static final List<String> ALL = List.of(CODE, MATH, SUMMARIZE, TRANSLATE, EXTRACT, CLASSIFY, CREATIVE, CHAT);

    private TaskTypes() {
    }
}
