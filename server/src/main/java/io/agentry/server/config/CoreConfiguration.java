package io.agentry.server.config;

import io.agentry.agent.AgentLoop;
import io.agentry.agent.RunObserver;
import io.agentry.cost.PriceBook;
import io.agentry.model.ModelResolver;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.CurrentTimeTool;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolRegistry;
import io.agentry.tool.ToolSource;
import io.agentry.tool.ToolSources;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain-Java runtime from core into the application. */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Built-in tools, every {@link Tool} bean the application defines, the tools of every {@link ToolContributor}
     * (HTTP tools, plugins), all fixed at start, and the tool sources (MCP servers) of every {@link ToolSources}
     * bean, whose tools come and go. Two fixed tools of one name stop the start, naming where each is defined.
     */
    @Bean
    ToolRegistry toolRegistry(Clock clock, ObjectProvider<Tool> extraTools, ObjectProvider<ToolContributor> contributors,
                              ObjectProvider<ToolSources> sources) {
        List<ToolContributor.SourcedTool> sourced = new ArrayList<>();
        sourced.add(new ToolContributor.SourcedTool(new CalculatorTool(), "the built-in tool"));
        sourced.add(new ToolContributor.SourcedTool(new CurrentTimeTool(clock), "the built-in tool"));
        extraTools.orderedStream().forEach(tool -> sourced.add(new ToolContributor.SourcedTool(tool, "the built-in tool")));
        contributors.orderedStream().forEach(contributor -> sourced.addAll(contributor.tools()));
        Map<String, String> origins = new HashMap<>();
        List<Tool> tools = new ArrayList<>();
        for (ToolContributor.SourcedTool tool : sourced) {
            String earlier = origins.putIfAbsent(tool.tool().name(), tool.origin());
            if (earlier != null) {
                throw new InvalidConfigurationException("Two tools are named '" + tool.tool().name() + "': "
                        + earlier + " and " + tool.origin() + ".",
                        "Rename or remove one of them: agents name their tools, so each name must be unique.");
            }
            tools.add(tool.tool());
        }
        List<ToolSource> all = new ArrayList<>();
        sources.orderedStream().forEach(group -> all.addAll(group.sources()));
        return new ToolRegistry(tools, all);
    }

    @Bean
    PriceBook priceBook(PricesProperties prices) {
        return PriceBook.defaults().withOverrides(prices.toModelPrices());
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService runTimer() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("agentry-timer").daemon().factory());
    }

    @Bean
    AgentLoop agentLoop(ModelResolver models, ToolRegistry tools, PriceBook prices, ScheduledExecutorService runTimer,
                        RunObserver observer) {
        return new AgentLoop(models, tools, prices, runTimer, observer);
    }
}
