package io.agentry.server.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Active only in distributed mode, when {@code agentry.redis.url} is set to a non-blank value; exactly
 * the complement of {@link ConditionalOnNoRedis}, so one of each pair of twins is always present (an
 * empty {@code AGENTRY_REDIS_URL} means embedded mode).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnRedis.RedisCondition.class)
public @interface ConditionalOnRedis {

    final class RedisCondition implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new ConditionalOnNoRedis.NoRedisCondition().matches(context, metadata);
        }
    }
}
