package io.agentry.server.memory;

import io.agentry.memory.MemoryLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Long-term memory ({@code agentry.memory.*}).
 *
 * @param maxValueSize    largest value of an item, as JSON
 * @param maxTextLength   longest search text of an item, in characters
 * @param cleanupInterval how often worker processes delete expired items (reads hide them at once)
 */
@ConfigurationProperties("agentry.memory")
public record MemoryProperties(DataSize maxValueSize, Integer maxTextLength, Duration cleanupInterval) {

    public MemoryProperties {
        maxValueSize = maxValueSize == null ? DataSize.ofBytes(MemoryLimits.DEFAULT_MAX_VALUE_BYTES) : maxValueSize;
        maxTextLength = maxTextLength == null ? MemoryLimits.DEFAULT_MAX_TEXT_CHARS : maxTextLength;
        cleanupInterval = cleanupInterval == null ? Duration.ofMinutes(5) : cleanupInterval;
        if (maxValueSize.toBytes() < 1 || maxValueSize.toBytes() > Integer.MAX_VALUE || maxTextLength < 1) {
            throw new IllegalStateException("agentry.memory.max-value-size and max-text-length must be positive");
        }
        if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            throw new IllegalStateException("agentry.memory.cleanup-interval must be positive");
        }
    }

    public MemoryLimits limits() {
        return new MemoryLimits((int) maxValueSize.toBytes(), maxTextLength);
    }
}
