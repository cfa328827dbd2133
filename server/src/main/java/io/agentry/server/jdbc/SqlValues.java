package io.agentry.server.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Values as the SQL stores write and read them: times in UTC, error texts cut to their column. */
final class SqlValues {

    private SqlValues() {
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Error texts fit their column ({@code varchar(2000)} unless said otherwise), cut with an ellipsis. */
    static String truncate(String error) {
        return truncate(error, 2000);
    }

    static String truncate(String error, int max) {
        return error == null || error.length() <= max ? error : error.substring(0, max - 3) + "...";
    }
}
