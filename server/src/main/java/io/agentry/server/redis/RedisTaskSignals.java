package io.agentry.server.redis;

import io.agentry.server.config.ConditionalOnRedis;
import io.agentry.server.tasks.TaskSignals;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * {@link TaskSignals} over Redis pub/sub, shared by every api and worker process of a deployment. A
 * publish that fails (Redis down or restarting) is logged and dropped: the task row is already
 * committed and workers poll the store, so nothing is lost, only later.
 */
@Component
@ConditionalOnRedis
class RedisTaskSignals implements TaskSignals {

    private static final Logger log = LoggerFactory.getLogger(RedisTaskSignals.class);

    private final StringRedisTemplate redis;
    private final String enqueuedChannel;
    private final String cancelChannel;
    private final List<Runnable> enqueued = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> cancels = new CopyOnWriteArrayList<>();

    RedisTaskSignals(StringRedisTemplate redis, RedisMessageListenerContainer container, AgentryRedisProperties properties) {
        this.redis = redis;
        this.enqueuedChannel = properties.key("tasks:enqueued");
        this.cancelChannel = properties.key("tasks:cancel");
        container.addMessageListener((message, pattern) -> enqueued.forEach(Runnable::run),
                new ChannelTopic(enqueuedChannel));
        container.addMessageListener((message, pattern) -> {
            String taskId = new String(message.getBody(), StandardCharsets.UTF_8);
            cancels.forEach(listener -> listener.accept(taskId));
        }, new ChannelTopic(cancelChannel));
    }

    @Override
    public void taskEnqueued() {
        publish(enqueuedChannel, "1");
    }

    @Override
    public void cancelRequested(String taskId) {
        publish(cancelChannel, taskId);
    }

    private void publish(String channel, String message) {
        try {
            redis.convertAndSend(channel, message);
        } catch (RuntimeException e) {
            log.warn("Could not publish to Redis channel {} ({}); workers will find the change by polling",
                    channel, e.getClass().getSimpleName());
        }
    }

    @Override
    public void onTaskEnqueued(Runnable listener) {
        enqueued.add(listener);
    }

    @Override
    public void onCancelRequested(Consumer<String> listener) {
        cancels.add(listener);
    }
}
