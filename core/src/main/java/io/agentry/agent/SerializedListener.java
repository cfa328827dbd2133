package io.agentry.agent;

import io.agentry.run.RunEvent;
import io.agentry.run.RunEventListener;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a run's events one at a time, whichever thread produces them (parallel tools), and keeps a
 * failing listener from failing the run. A lock rather than {@code synchronized} so that virtual threads
 * waiting for it do not pin their carrier.
 */
final class SerializedListener implements RunEventListener {

    private static final Logger log = LoggerFactory.getLogger(SerializedListener.class);

    private final RunEventListener delegate;
    private final ReentrantLock lock = new ReentrantLock();

    SerializedListener(RunEventListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onEvent(RunEvent event) {
        lock.lock();
        try {
            delegate.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("run event listener failed on {}", event.type(), e);
        } finally {
            lock.unlock();
        }
    }
}
