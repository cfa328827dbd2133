package io.agentry.server.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.ContextPairs;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;

/**
 * Our JSON log lines ({@code logging.structured.format.console}): Spring Boot's Logstash layout
 * ({@code @timestamp}, {@code level}, {@code logger_name}, {@code message}, {@code thread_name}, the MDC
 * entries such as {@code run_id} and {@code trace_id}, the event's key-value pairs, {@code tags},
 * {@code stack_trace}), written through a string rather than Boot's character-at-a-time byte stream, which
 * allocated kilobytes per line and cost several percent of a busy server's CPU.
 */
public class JsonLogFormatter extends JsonWriterStructuredLogFormatter<ILoggingEvent> {

    public JsonLogFormatter(ContextPairs contextPairs, ThrowableProxyConverter throwableProxyConverter) {
        super(members -> members(contextPairs, throwableProxyConverter, members), null);
    }

    private static void members(ContextPairs contextPairs, ThrowableProxyConverter throwableProxyConverter,
                                JsonWriter.Members<ILoggingEvent> members) {
        members.add("@timestamp", ILoggingEvent::getInstant).as(JsonLogFormatter::timestamp);
        members.add("@version", "1");
        members.add("message", ILoggingEvent::getFormattedMessage);
        members.add("logger_name", ILoggingEvent::getLoggerName);
        members.add("thread_name", ILoggingEvent::getThreadName);
        members.add("level", ILoggingEvent::getLevel);
        members.add("level_value", ILoggingEvent::getLevel).as(Level::toInt);
        members.add().usingPairs(contextPairs.flat("_", pairs -> {
            pairs.addMapEntries(ILoggingEvent::getMDCPropertyMap);
            pairs.add(ILoggingEvent::getKeyValuePairs, JsonWriter.PairExtractor.<KeyValuePair>of(p -> p.key, p -> p.value));
        }));
        members.add("tags", ILoggingEvent::getMarkerList).whenNotNull().as(JsonLogFormatter::markers).whenNotEmpty();
        members.add("stack_trace", event -> event).whenNotNull(ILoggingEvent::getThrowableProxy)
                .as(throwableProxyConverter::convert);
    }

    @Override
    public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
        return format(event).getBytes(charset);
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(instant, ZoneId.systemDefault()));
    }

    private static Set<String> markers(List<Marker> markers) {
        Set<String> names = new LinkedHashSet<>();
        addMarkers(names, markers.iterator());
        return names;
    }

    private static void addMarkers(Set<String> names, Iterator<Marker> markers) {
        while (markers.hasNext()) {
            Marker marker = markers.next();
            names.add(marker.getName());
            if (marker.hasReferences()) {
                addMarkers(names, marker.iterator());
            }
        }
    }
}
