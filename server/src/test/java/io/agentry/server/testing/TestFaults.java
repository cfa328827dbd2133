package io.agentry.server.testing;

import io.agentry.store.RunRecord;
import io.agentry.store.RunStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Lets API tests provoke an unexpected internal failure: recording a run for {@link #FAILING_USER} throws. */
@TestConfiguration(proxyBeanMethods = false)
public class TestFaults {

    public static final String FAILING_USER = "store-explodes";
    public static final String INTERNAL_DETAIL = "connection to jdbc:secret-host refused";

    @Bean
    static BeanPostProcessor failingRunStore() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof RunStore store && !(bean instanceof Failing) ? new Failing(store) : bean;
            }
        };
    }

    private record Failing(RunStore delegate) implements RunStore {
        @Override
        public void save(RunRecord run) {
            if (FAILING_USER.equals(run.userId())) {
                throw new IllegalStateException(INTERNAL_DETAIL);
            }
            delegate.save(run);
        }

        @Override
        public Optional<RunRecord> find(String runId) {
            return delegate.find(runId);
        }

        @Override
        public boolean saveIfAbsent(RunRecord run) {
            return delegate.saveIfAbsent(run);
        }

        @Override
        public List<RunRecord> list(RunQuery query) {
            return delegate.list(query);
        }

        @Override
        public List<String> runIds(String userId, String mode, Instant finishedSince) {
            return delegate.runIds(userId, mode, finishedSince);
        }

        @Override
        public int pseudonymise(String userId, String pseudonym) {
            return delegate.pseudonymise(userId, pseudonym);
        }
    }
}
