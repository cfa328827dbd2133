package io.agentry.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Built-in tool {@code current_time}: the current date and time, in UTC or a given IANA time zone. */
public final class CurrentTimeTool implements Tool {

    public static final String NAME = "current_time";

    private static final ToolSpecification SPEC = ToolSpecification.builder()
            .name(NAME)
            .description("Returns the current date and time (ISO-8601) in UTC or in the given IANA time zone.")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("timezone", "IANA time zone such as Europe/Paris; UTC when omitted")
                    .build())
            .build();

    private final Clock clock;

    public CurrentTimeTool(Clock clock) {
        this.clock = clock;
    }

    /** Idempotent: a lookup with no effect. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return SPEC;
    }

    @Override
    public String execute(ToolCall call) throws ToolException {
        String zoneName = call.optionalString("timezone", "UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw new ToolException("unknown time zone '" + zoneName + "'");
        }
        return ZonedDateTime.now(clock.withZone(zone)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + " (" + zone.getId() + ")";
    }
}
