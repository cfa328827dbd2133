package io.agentry.server.startup;

import io.agentry.server.observability.LogFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.json.JsonWriter;

/**
 * One ERROR event written to standard output before the logging system is set up (it is set up once the
 * configuration is read, so a start that fails reading it has no log yet): a JSON line with the fields of
 * {@code JsonLogFormatter}, or a text line with the trace after it, as {@link LogFormat} decides from what is known
 * that early (the environment variable and the system property, and whether this is a terminal; not the command
 * line).
 */
final class EarlyLog {

    private EarlyLog() {
    }

    static void error(String logger, String message, Throwable failure) {
        String configured = System.getProperty(LogFormat.PROPERTY, System.getenv("AGENTRY_LOG_FORMAT"));
        LogFormat format;
        try {
            format = LogFormat.resolve(configured, LogFormat.atTerminal());
        } catch (IllegalStateException e) {
            format = LogFormat.JSON;
        }
        String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now());
        String thread = Thread.currentThread().getName();
        String trace = trace(failure);
        if (format == LogFormat.HUMAN) {
            System.out.println(now + " ERROR [" + thread + "] " + logger + " : " + message + System.lineSeparator() + trace);
        } else {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("@timestamp", now);
            event.put("@version", "1");
            event.put("message", message);
            event.put("logger_name", logger);
            event.put("thread_name", thread);
            event.put("level", "ERROR");
            event.put("level_value", 40000);
            event.put("stack_trace", trace);
            System.out.println(JsonWriter.standard().writeToString(event));
        }
        System.out.flush();
    }

    private static String trace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
