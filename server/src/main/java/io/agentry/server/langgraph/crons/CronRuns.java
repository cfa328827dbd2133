package io.agentry.server.langgraph.crons;

import io.agentry.langgraph.LangGraphCron;
import io.agentry.langgraph.LangGraphRun;
import io.agentry.langgraph.ThreadStore;
import io.agentry.schedule.Schedule;
import io.agentry.server.runs.RunEvents;
import io.agentry.server.schedules.ScheduleTickTarget;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * A tick of a LangGraph cron's schedule makes a LangGraph run (not a plain task): on the cron's thread, or on a
 * session of its own for a stateless cron, waiting for the run dispatcher, which hands it to the queue as it does every
 * run (after the thread's runs: a cron's run on a busy thread is enqueued). The run's id is a name-based UUID of the
 * cron and the tick, so a tick fired twice (a crash, a second process) makes one run. No run is made past the cron's
 * {@code end_time}, or on a thread that is gone.
 */
@Component
class CronRuns implements ScheduleTickTarget {

    private static final Logger log = LoggerFactory.getLogger(CronRuns.class);

    private final ThreadStore store;
    private final RunEvents events;

    CronRuns(ThreadStore store, RunEvents events) {
        this.store = store;
        this.events = events;
    }

    @Override
    public Optional<Fired> fire(Schedule schedule, Instant tick) {
        Optional<LangGraphCron> found = store.findCron(schedule.scheduleId());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LangGraphCron cron = found.get();
        if (cron.endTime() != null && tick.isAfter(cron.endTime())) {
            return Optional.of(new Fired(null));
        }
        if (cron.threadId() != null && store.find(cron.threadId()).isEmpty()) {
            log.warn("Cron {} fired for thread {}, which no longer exists; no run made", cron.cronId(), cron.threadId());
            return Optional.of(new Fired(null));
        }
        String runId = UUID.nameUUIDFromBytes(("cron " + cron.cronId() + " " + tick).getBytes(StandardCharsets.UTF_8)).toString();
        if (store.findRun(runId).isPresent()) {
            return Optional.of(new Fired(runId));
        }
        boolean stateless = cron.threadId() == null;
        LangGraphRun run = new LangGraphRun(runId, stateless ? runId : cron.threadId(), cron.userId(), cron.assistantId(),
                schedule.agent(), schedule.message(), cron.metadataJson(), stateless ? null : "enqueue", stateless,
                schedule.webhookUrl(), schedule.apiKey(), tick, tick, LangGraphRun.Dispatch.WAITING, null);
        events.open(runId, cron.userId());
        try {
            store.addRun(run);
        } catch (DataAccessException | IllegalStateException e) {
            if (store.findRun(runId).isEmpty()) {
                throw e;
            }
            // another process made it first
        }
        return Optional.of(new Fired(runId));
    }
}
