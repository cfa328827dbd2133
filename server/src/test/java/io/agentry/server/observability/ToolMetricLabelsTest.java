package io.agentry.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.agents.AgentCatalog;
import io.agentry.server.agents.AgentsProperties;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.CurrentTimeTool;
import io.agentry.tool.ToolRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Tool names label the tool meters up to {@code agentry.metrics.max-tool-names}; later ones count as {@code other}. */
class ToolMetricLabelsTest {

    @Test
    void toolNamesBeyondTheCapCountAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AgentCatalog agents = new AgentCatalog(new AgentsProperties(Map.of(), null),
                new ToolRegistry(List.of(new CalculatorTool(), new CurrentTimeTool(Clock.systemUTC()))),
                model -> null);
        AgentMetrics metrics = new AgentMetrics(registry, agents, new MetricsProperties(null, 4));

        for (String tool : List.of("wiki__search", "wiki__page", "wiki__history", "calculator", "wiki__search")) {
            metrics.toolFinished(tool, null);
        }
        metrics.toolFinished("wiki__history", "TimeoutException");
        metrics.toolFinished(null, "unknown_tool");

        Set<String> labels = registry.find(AgentMetrics.TOOL_CALLS).counters().stream()
                .map(counter -> counter.getId().getTag("tool")).collect(Collectors.toSet());
        // calculator and current_time (the default agent's) were registered at start, then two more fit
        assertThat(labels).containsExactlyInAnyOrder("calculator", "current_time", "wiki__search", "wiki__page",
                AgentMetrics.OTHER_TOOLS, AgentMetrics.UNKNOWN_TOOL);
        assertThat(count(registry, AgentMetrics.TOOL_CALLS, "wiki__search")).isEqualTo(2);
        assertThat(count(registry, AgentMetrics.TOOL_CALLS, AgentMetrics.OTHER_TOOLS)).isEqualTo(2);
        assertThat(registry.find(AgentMetrics.TOOL_ERRORS).tag("tool", AgentMetrics.OTHER_TOOLS)
                .tag("error", "TimeoutException").counter().count()).isEqualTo(1);
    }

    private static double count(SimpleMeterRegistry registry, String name, String tool) {
        Counter counter = registry.find(name).tag("tool", tool).counter();
        return counter == null ? 0 : counter.count();
    }
}
