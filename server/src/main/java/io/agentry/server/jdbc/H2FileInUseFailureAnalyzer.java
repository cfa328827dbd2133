package io.agentry.server.jdbc;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The embedded store's file held by another process, as a second server started in the same directory (or on the
 * same H2 file) finds it: names the file and how to give this server a store of its own, instead of H2's
 * "Database may be already in use" deep inside the store's bean creation.
 */
final class H2FileInUseFailureAnalyzer implements FailureAnalyzer, Ordered {

    private static final Pattern FILE = Pattern.compile("\"([^\"]+)\"");
    private static final String H2_FILE = "jdbc:h2:file:";

    private final Environment environment;

    /** {@code environment}: the failed start's, or null when there was none yet. */
    H2FileInUseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                Matcher file = FILE.matcher(String.valueOf(sql.getMessage()));
                String name = file.find() ? file.group(1) : "of the embedded store";
                String otherUrl = otherUrl();
                return new FailureAnalysis("The H2 file " + name + " is open in another process, most likely another "
                        + "Agentry on the same store (servers started in the same directory share its ./data).",
                        "Stop that server, or give this one a store of its own: start it in another directory"
                                + (otherUrl == null ? ", or set AGENTRY_DATABASE_URL (spring.datasource.url) to another file"
                                        : ", or set AGENTRY_DATABASE_URL='" + otherUrl + "'") + ".",
                        cause);
            }
        }
        return null;
    }

    /** This start's H2 URL with another file, its options kept (the store needs them). */
    private String otherUrl() {
        String url = environment == null ? null : environment.getProperty("spring.datasource.url");
        if (url == null || !url.startsWith(H2_FILE)) {
            return null;
        }
        int options = url.indexOf(';');
        String path = options < 0 ? url.substring(H2_FILE.length()) : url.substring(H2_FILE.length(), options);
        return H2_FILE + path + "-2" + (options < 0 ? "" : url.substring(options));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
