package io.agentry.server.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a cursor-paged listing ({@code GET /tasks}, {@code /schedules}, {@code /memories/{namespace}}):
 * the store is asked for one item more than the page holds, which tells whether there is a next page.
 *
 * @param items the page, at most the limit asked for
 * @param more  whether items follow the last one
 */
public record Page<T>(List<T> items, boolean more) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;

    /** The page size a request asked for, {@code fallback} when absent; 422 outside 1 to {@link #MAX_LIMIT}. */
    public static int limit(Integer requested, int fallback) {
        int limit = requested == null ? fallback : requested;
        if (!isValidLimit(limit)) {
            throw ApiException.invalid("limit", limitRule());
        }
        return limit;
    }

    public static boolean isValidLimit(int limit) {
        return limit >= 1 && limit <= MAX_LIMIT;
    }

    public static String limitRule() {
        return "must be between 1 and " + MAX_LIMIT;
    }

    /**
     * A cursor of a listing keyed by time-ordered ids (tasks, schedules), or null when absent: 422 unless it
     * is such an id, as {@link #nextCursor} returns them (a cursor need not name an item that still exists).
     */
    public static String idCursor(String cursor) {
        if (cursor != null && !ID_CURSOR.matcher(cursor).matches()) {
            throw ApiException.invalid("cursor", "is not a cursor from this listing (use next_cursor of the previous page)");
        }
        return cursor;
    }

    private static final java.util.regex.Pattern ID_CURSOR =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The page within {@code fetched}, which the store was asked for {@code limit + 1} items of. */
    public static <T> Page<T> of(List<T> fetched, int limit) {
        boolean more = fetched.size() > limit;
        return new Page<>(more ? List.copyOf(fetched.subList(0, limit)) : fetched, more);
    }

    /** The cursor of the next page (the last item's id), or null on the last page. */
    public String nextCursor(Function<T, String> id) {
        return more ? id.apply(items.getLast()) : null;
    }
}
