package io.agentry.server.agents;

import io.agentry.model.TokenCounter;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Loads the tokenizer of every configured agent's model on a background thread as soon as the configuration
 * is known, while the rest of the application starts. A tokenizer's vocabulary takes a few hundred
 * milliseconds of CPU to load and is needed before the first run (the offline model builds its own at
 * start-up, every run counts tokens); loading it beside the context refresh takes it off the start-up path.
 * Only a warm-up: whatever goes wrong here happens again, and is reported, where the tokenizer is used.
 */
public final class TokenizerPreload implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(TokenizerPreload.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Set<String> models = new TreeSet<>();
        try {
            Map<String, AgentProperties> agents = Binder.get(event.getEnvironment())
                    .bind("agentry.agents", Bindable.mapOf(String.class, AgentProperties.class)).orElse(Map.of());
            agents.forEach((name, agent) -> models.add(agent.toDefinition(name).model()));
        } catch (RuntimeException e) {
            log.debug("Tokenizer preload skipped: the agents' configuration does not bind ({})", e.getMessage());
            return;
        }
        if (models.isEmpty()) {
            models.add(AgentProperties.unconfigured().toDefinition("default").model());
        }
        Thread.ofPlatform().name("agentry-tokenizer-preload").daemon().start(() -> {
            for (String model : models) {
                try {
                    TokenCounter.forModel(model);
                } catch (RuntimeException e) {
                    log.debug("Tokenizer preload for {} failed ({})", model, e.getMessage());
                }
            }
        });
    }
}
