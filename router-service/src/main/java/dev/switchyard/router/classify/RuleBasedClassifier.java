package dev.switchyard.router.classify;

import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rule-based classifier in the manner of LiteLLM's complexity router: weighted
 * cue phrases per task type, and a handful of signals for complexity (length, number of asks,
 * technical depth, rigour), well under a millisecond per request. The last user message counts
 * most: it is what the model is asked to do now.
 */
public final class RuleBasedClassifier implements Classifier {

    /** Cue patterns per task type with their weight; the highest total wins, chat when none match. */
    private static final Map<String, List<Cue>> CUES = new LinkedHashMap<>();

    static {
        cues(TaskTypes.TRANSLATE, 3, "\\btranslat", "\\bhow do (you|i) say\\b", "\\bin(to)? (english|french|spanish|german|italian|portuguese|"
                + "japanese|chinese|mandarin|korean|dutch|russian|arabic|hindi|polish|swedish|turkish)\\b(?! (history|literature|cuisine))");
        cues(TaskTypes.SUMMARIZE, 3, "\\bsummar", "\\btl;?dr\\b", "\\bkey (points|takeaways)\\b", "\\bmain points\\b", "\\bcondense\\b",
                "\\brecap\\b", "\\bin (one|two|three|a few) (sentences?|lines?|bullets?)\\b", "\\bgist\\b", "\\bboil (it|this) down\\b",
                "\\bshorten\\b", "\\bbrief overview of (this|the following)\\b");
        cues(TaskTypes.EXTRACT, 3, "\\bextract", "\\bpull out\\b", "\\bparse\\b", "\\b(list|find|get) (all|every|each) (the )?(names|dates|emails?|"
                + "urls?|phone numbers|amounts|entities|addresses|prices|skus|ids)\\b", "\\bas (json|a json object|csv|a table)\\b",
                "\\bwhich fields\\b", "\\bnamed entit", "\\bfrom (this|the following) (text|email|invoice|receipt|document|log|page|signature|sentence)\\b",
                "\\bget the (email|phone|address|name|date)\\b", "\\bwhich (year|date|name|number) is mentioned\\b");
        cues(TaskTypes.CLASSIFY, 3, "\\bclassif", "\\bcategori[sz]", "\\bsentiment\\b", "\\bis (this|it)( \\w+){0,2} (spam|toxic|positive|negative|"
                + "sarcastic|a complaint|urgent|phishing)\\b", "\\b(a complaint|spam), (a question|ham)\\b", "\\bwhich (category|label|bucket|department)\\b", "\\blabel (this|each|the)\\b",
                "\\bpositive,? (or )?negative\\b", "\\bdetect the (language|intent)\\b", "\\bintent of\\b", "\\btag (this|each)\\b");
        cues(TaskTypes.CREATIVE, 3, "\\bpoem\\b", "\\bhaiku\\b", "\\blimerick\\b", "\\bsonnet\\b", "\\blyrics\\b", "\\bshort story\\b",
                "\\b(a|the) story\\b", "\\bslogan\\b", "\\btagline\\b", "\\bfiction", "\\bscreenplay\\b", "\\bjoke\\b", "\\brap\\b",
                "\\bfairy tale\\b", "\\bimagine (a|that)\\b", "\\bwrite (a|an) (song|ballad|fable|monologue|dialogue)\\b", "\\bbrainstorm (names|ideas)\\b",
                "\\bcatchy\\b", "\\bcharacter\\b", "\\brhyme\\b", "\\bstory\\b", "\\bbrainstorm\\b", "\\b(funny|witty) (tweet|post|caption)\\b");
        cues(TaskTypes.REASONING, 3, "\\bprove\\b", "\\bproof\\b", "\\bsolve\\b", "\\bequation", "\\bintegral\\b", "\\bintegrate\\b", "\\bderivative\\b",
                "\\bdifferentiate\\b", "\\bprobability\\b", "\\bcalculate\\b", "\\bcompute the\\b", "\\btheorem\\b", "\\blemma\\b", "\\bprime",
                "\\bmatri(x|ces)\\b", "\\beigen", "\\bvariance\\b", "\\bexpected value\\b", "\\bgcd\\b", "\\blcm\\b", "\\bfactorial\\b",
                "\\btriangle\\b", "\\bhypotenuse\\b", "\\bhow many (ways|days|hours|minutes|apples|people)\\b", "\\bpercent", "\\binterest rate\\b",
                "\\bcompound interest\\b", "\\bsquare root\\b", "\\blogarithm\\b", "\\bsequence\\b", "\\bseries\\b", "\\bcatch up\\b", "\\briddle\\b",
                "\\bpuzzle\\b", "\\d+\\s*[x*/^+-]\\s*\\d+", "\\b[xyn]\\s*\\^\\s*\\d", "\\bsum of\\b", "\\bmodulo\\b", "\\bdivisible\\b", "\\bround .* decimal", "\\bpower of\\b");
        cues(TaskTypes.CODE, 3, "```", "\\bcode\\b", "\\bfunction\\b", "\\bmethod\\b", "\\bclass\\b", "\\bdef \\w+\\(", "\\bbug\\b", "\\bdebug",
                "\\bcompile", "\\bstack ?trace\\b", "\\bexception\\b", "\\bsql\\b", "\\bselect .* from\\b", "\\bregex\\b", "\\bregular expression\\b",
                "\\bpython\\b", "\\bjava\\b", "\\bjavascript\\b", "\\btypescript\\b", "\\brust\\b", "\\bgolang\\b", "\\bc\\+\\+", "\\bc#",
                "\\bkotlin\\b", "\\bbash\\b", "\\bshell script\\b", "\\bapi\\b", "\\bendpoint\\b", "\\brefactor", "\\bunit tests?\\b",
                "\\bimplement", "\\balgorithm\\b", "\\bhtml\\b", "\\bcss\\b", "\\breact\\b", "\\bdocker", "\\bkubernetes\\b", "\\bgit\\b",
                "\\bnull ?pointer\\b", "\\bsegfault\\b", "\\bvariable\\b", "\\bloop\\b", "\\brecursion\\b", "\\bdata structure\\b",
                "\\bbig-?o\\b", "\\bcomplexity of (this|the) (code|function|algorithm)\\b", "\\bkafka streams?\\b", "\\bspring boot\\b",
                "\\bjson schema\\b", "\\byaml\\b", "\\bterraform\\b", "\\bscript\\b", "\\bprogram\\b", "\\bsnippet\\b", "\\bpull request\\b", "\\bnpm\\b", "\\bsyntax error\\b", "\\bpostgres", "\\bquery\\b",
                "\\bprint\\(");
    }

    /** Signals of a hard request; each adds to the complexity score. */
    private static final List<Cue> DEPTH = cueList(1, "\\bdistributed\\b", "\\bconcurren", "\\bscal(e|able|ability)\\b", "\\boptimi[sz]",
            "\\barchitecture\\b", "\\btrade-?offs?\\b", "\\bedge cases\\b", "\\bstep by step\\b", "\\bin detail\\b", "\\bcomprehensive\\b",
            "\\bdesign (a|an|the)\\b", "\\bproduction\\b", "\\bperformance\\b", "\\bcompare\\b", "\\bexplain why\\b", "\\banaly[sz]",
            "\\bsecurity\\b", "\\bthread-?safe\\b", "\\bfault-?toleran", "\\bmigrat", "\\bend-to-end\\b", "\\bbenchmark");
    private static final List<Cue> RIGOUR = cueList(2, "\\bformal(ly)? (proof|verification|semantics)\\b", "\\bprove that\\b", "\\brigorous",
            "\\bnovel\\b", "\\bresearch\\b", "\\bstate of the art\\b", "\\bderive\\b", "\\block-?free\\b", "\\bconsensus\\b", "\\bbyzantine\\b",
            "\\blinearizab", "\\basymptotic\\b", "\\bnp-?(hard|complete)\\b", "\\bcryptograph", "\\bquantum\\b", "\\bexactly-once\\b",
            "\\bconvergence\\b", "\\binvariant");
    /** Asks that want an explanation, a build or a plan, rather than a fact. */
    private static final List<Cue> OPEN_ENDED = cueList(1, "^(how (do|should|can|does)|why|explain|what are (the|some|good))\\b",
            "\\b(implement|refactor|write (a|an) (\\w+ )?(function|method|script|query|program|test)s?|convert|plan|prepare)\\b",
            "\\b(pros and cons|trade-offs|walk me through|advice|tips)\\b", "\\b(story|poem|lyrics|dialogue|sonnet|fable|ballad)\\b");
    /**
     * Words of clauses and of requirements, counted by hand as whole words (what {@code \b...\b}
     * matches): these counts scan the whole text, where an alternation regex was the slowest step.
     */
    private static final List<String> CLAUSE_WORDS = List.of("and", "then", "with");
    private static final List<String> REQUIREMENT_WORDS = List.of("must", "should", "make sure", "ensure", "handle", "support", "include",
            "without", "while");
    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^\\s*(?:\\d+[.)]|[-*•])\\s+");

    /**
     * A cue pattern, with the literals one of which any match contains ({@link RequiredLiterals}):
     * a plain {@code contains} rules most cues out before the regex runs, and the text's character
     * pairs rule most literals out before the {@code contains}. A cue that is one phrase after a
     * word boundary is found without its regex, and so without a gate ({@link BoundedLiteral}).
     */
    private record Cue(Pattern pattern, int weight, String[] gate, int[][] gatePairs, BoundedLiteral literal) {
        Cue(String regex, int weight) {
            this(Pattern.compile(regex), weight, gateOf(regex), BoundedLiteral.of(regex).orElse(null));
        }

        /** A cue found by its bounded literal never runs its regex, so it needs no gate before it. */
        private static String[] gateOf(String regex) {
            return BoundedLiteral.of(regex).isPresent() ? new String[0] : RequiredLiterals.of(regex).toArray(String[]::new);
        }

        private Cue(Pattern pattern, int weight, String[] gate, BoundedLiteral literal) {
            this(pattern, weight, gate, Arrays.stream(gate).map(CharPairs::of).toArray(int[][]::new), literal);
        }

        boolean foundIn(Ask ask) {
            if (literal != null) {
                return literal.foundIn(ask.text(), ask.pairs(), pattern);
            }
            return passesGate(ask) && pattern.matcher(ask.text()).find();
        }

        private boolean passesGate(Ask ask) {
            if (gate.length == 0) {
                return true;
            }
            for (int i = 0; i < gate.length; i++) {
                if (ask.pairs().mayContain(gatePairs[i]) && ask.text().contains(gate[i])) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The lowercased ask and its character pairs, read once for every cue. */
    private record Ask(String text, CharPairs pairs) {
    }

    /** Stream threads classify one request after another: each keeps its pair table. */
    private static final ThreadLocal<CharPairs> PAIRS = ThreadLocal.withInitial(CharPairs::new);

    /** Every cue's regex, for tests that hold the gates to never ruling out a match. */
    static List<Pattern> cuePatterns() {
        List<Pattern> all = new ArrayList<>();
        CUES.values().forEach(cues -> cues.forEach(cue -> all.add(cue.pattern())));
        for (List<Cue> signals : List.of(DEPTH, RIGOUR, OPEN_ENDED)) {
            signals.forEach(cue -> all.add(cue.pattern()));
        }
        return all;
    }

    private static void cues(String taskType, int weight, String... patterns) {
        CUES.put(taskType, cueList(weight, patterns));
    }

    private static List<Cue> cueList(int weight, String... patterns) {
        return Arrays.stream(patterns).map(p -> new Cue(p, weight)).toList();
    }

    /** Cues are in how a request starts and ends; a huge pasted document in between only costs time. */
    private static final int HEAD_CHARS = 6_000;
    private static final int TAIL_CHARS = 2_000;
    private static final int CHARS_PER_WORD = 6;

    @Override
    public Classification classify(LlmRequest request) {
        // The offered tools are part of the ask: their descriptions say what the answer is for.
        String full = request.getTools().isEmpty() ? lastUserMessage(request)
                : lastUserMessage(request) + "\n" + TaskView.tools(request.getTools());
        String ask = (full.length() <= HEAD_CHARS + TAIL_CHARS ? full
                : full.substring(0, HEAD_CHARS) + "\n" + full.substring(full.length() - TAIL_CHARS)).toLowerCase(Locale.ROOT);
        int words = full.length() <= HEAD_CHARS + TAIL_CHARS ? wordCount(ask) : full.length() / CHARS_PER_WORD;
        CharPairs pairs = Thread.currentThread().isVirtual() ? new CharPairs() : PAIRS.get();
        Ask read = new Ask(ask, pairs.read(ask));
        return new Classification(taskType(read), complexity(read, words, request));
    }

    /** Runs of characters other than the six of {@code \s}, in the trimmed text: what {@code split("\\s+")} counts. */
    private static int wordCount(String text) {
        String trimmed = text.trim();
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
            words += !space && !inWord ? 1 : 0;
            inWord = !space;
        }
        return words;
    }

    private static String taskType(Ask ask) {
        String best = TaskTypes.CHAT;
        int bestScore = 0;
        for (Map.Entry<String, List<Cue>> type : CUES.entrySet()) {
            int score = score(ask, type.getValue());
            // Explicit asks (translate, summarize, extract, classify) beat topical words: a request
            // to summarize a bug report is a summary, so earlier types win ties.
            if (score > bestScore) {
                best = type.getKey();
                bestScore = score;
            }
        }
        return best;
    }

    private static Complexity complexity(Ask read, int words, LlmRequest request) {
        String ask = read.text();
        int points = 0;
        points += words > 120 ? 4 : words > 45 ? 3 : words > 25 ? 2 : words > 10 ? 1 : 0;
        points += Math.min(2, (count(ask, ',') + count(ask, ';') + wholeWords(ask, CLAUSE_WORDS) + listItems(ask)) / 2);
        points += Math.min(2, wholeWords(ask, REQUIREMENT_WORDS) / 2);
        points += Math.min(2, score(read, OPEN_ENDED));
        points += Math.min(3, score(read, DEPTH));
        points += Math.min(4, score(read, RIGOUR));
        points += ask.contains("```") ? 1 : 0;
        points += request.getMessages().size() > 6 ? 1 : 0;
        if (points <= 1) {
            return Complexity.SIMPLE;
        }
        if (points <= 3) {
            return Complexity.MODERATE;
        }
        return points <= 7 ? Complexity.COMPLEX : Complexity.EXPERT;
    }

    private static int score(Ask ask, List<Cue> cues) {
        int score = 0;
        for (Cue cue : cues) {
            if (cue.foundIn(ask)) {
                score += cue.weight();
            }
        }
        return score;
    }

    private static int count(String text, char c) {
        int count = 0;
        for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
            count++;
        }
        return count;
    }

    /** Occurrences of the words as whole words: neither side touches a letter, digit or underscore. */
    private static int wholeWords(String text, List<String> words) {
        int count = 0;
        for (String word : words) {
            for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
                count += isWordChar(text, i - 1) || isWordChar(text, i + word.length()) ? 0 : 1;
            }
        }
        return count;
    }

    private static boolean isWordChar(String text, int i) {
        if (i < 0 || i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    /** Numbered or bulleted lines; most asks have none of the characters that start one. */
    private static int listItems(String text) {
        boolean mayHave = false;
        for (int i = 0; i < text.length() && !mayHave; i++) {
            char c = text.charAt(i);
            mayHave = c == '-' || c == '*' || c == '•' || c == '.' || c == ')';
        }
        if (!mayHave) {
            return 0;
        }
        int count = 0;
        for (var matcher = LIST_ITEM.matcher(text); matcher.find(); ) {
            count++;
        }
        return count;
    }

    private static String lastUserMessage(LlmRequest request) {
        List<Message> messages = TaskView.messages(request);
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).getRole())) {
                return messages.get(i).getContent();
            }
        }
        return "";
    }
}
