package io.agentry.server.runs;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import io.agentry.agent.AgentDefinition;
import io.agentry.cost.CostEstimate;
import io.agentry.cost.CostEstimator;
import io.agentry.cost.PriceBook;
import io.agentry.store.UsageLedger;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolRegistry;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Estimates what a run command would cost ({@link CostEstimator}): the same agent and session history
 * {@link RunService#run} would use, and the agent's recent runs from the {@link UsageLedger}.
 */
@Service
public class CostEstimates {

    private final RunService runs;
    private final ToolRegistry tools;
    private final UsageLedger ledger;
    private final EstimateProperties properties;
    private final CostEstimator estimator;

    public CostEstimates(RunService runs, ToolRegistry tools, UsageLedger ledger,
                         PriceBook prices, EstimateProperties properties) {
        this.runs = runs;
        this.tools = tools;
        this.ledger = ledger;
        this.properties = properties;
        this.estimator = new CostEstimator(prices, properties.minHistory());
    }

    public CostEstimate estimate(RunCommand command) {
        AgentDefinition agent = runs.agentFor(command.agent());
        List<ChatMessage> history = command.sessionId() == null ? List.of()
                : runs.historyWindow(agent, command.sessionId(), command.userId());
        List<ToolSpecification> specs = tools.select(agent.toolSelection()).stream().map(Tool::specification).toList();
        return estimator.estimate(agent, specs, history, command.message(),
                ledger.recentRuns(agent.name(), properties.historyRuns()));
    }
}
