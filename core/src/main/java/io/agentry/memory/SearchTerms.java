package io.agentry.memory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words search matches, for backends that index text themselves (in memory, H2): lower-cased runs of
 * letters and digits, without the English stop words PostgreSQL's {@code english} configuration ignores
 * (the same list), so that a query finds the same items on every backend up to stemming, which only
 * PostgreSQL does.
 */
public final class SearchTerms {

    /** Longest term kept; longer words are cut to this length (on both sides of a search alike). */
    public static final int MAX_TERM_LENGTH = 100;
    /** Distinct words of a query that are searched for; later ones are ignored. */
    public static final int MAX_QUERY_TERMS = 32;

    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> STOP_WORDS = Set.of(("i me my myself we our ours ourselves you your yours "
            + "yourself yourselves he him his himself she her hers herself it its itself they them their theirs "
            + "themselves what which who whom this that these those am is are was were be been being have has had "
            + "having do does did doing a an the and but if or because as until while of at by for with about "
            + "against between into through during before after above below to from up down in out on off over "
            + "under again further then once here there when where why how all any both each few more most other "
            + "some such no nor not only own same so than too very s t can will just don should now").split(" "));

    private SearchTerms() {
    }

    /** Each searchable word of {@code text} with how often it occurs, in order of first occurrence. */
    public static Map<String, Integer> of(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (text == null) {
            return counts;
        }
        for (String word : SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty() && !STOP_WORDS.contains(word)) {
                counts.merge(word.length() > MAX_TERM_LENGTH ? word.substring(0, MAX_TERM_LENGTH) : word, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The portable score: the number of distinct query words the item contains, plus a fraction below 1
     * that grows with their total occurrences, so that more distinct words always rank higher and
     * occurrences only break ties.
     */
    public static double score(int matchedTerms, long occurrences) {
        return matchedTerms + (double) occurrences / (occurrences + 1);
    }

    /** The distinct searchable words of a query, at most {@link #MAX_QUERY_TERMS}. */
    public static List<String> ofQuery(String query) {
        return of(query).keySet().stream().limit(MAX_QUERY_TERMS).toList();
    }
}
