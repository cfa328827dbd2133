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
import java.util.List;
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
     * Built-in tools plus every {@link Tool} bean the application defines, and the tool sources (MCP servers)
     * of every {@link ToolSources} bean.
     */
    @Bean
    ToolRegistry toolRegistry(Clock clock, ObjectProvider<Tool> extraTools, ObjectProvider<ToolSources> sources) {
        List<Tool> tools = new ArrayList<>(List.of(new CalculatorTool(), new CurrentTimeTool(clock)));
        extraTools.orderedStream().forEach(tools::add);
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
