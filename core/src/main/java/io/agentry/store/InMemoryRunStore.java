package io.agentry.store;

import io.agentry.cost.Usage;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A {@link RunStore} and {@link UsageLedger} in a map: for tests and benchmarks; forgets everything on restart. */
public final class InMemoryRunStore implements RunStore, UsageLedger {

    private final Map<String, RunRecord> runs = new ConcurrentHashMap<>();

    @Override
    public void save(RunRecord run) {
        runs.put(run.runId(), run);
    }

    @Override
    public boolean saveIfAbsent(RunRecord run) {
        return runs.putIfAbsent(run.runId(), run) == null;
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public List<RunRecord> list(RunQuery q) {
        return runs.values().stream()
                .filter(r -> q.userId() == null || q.userId().equals(r.userId()))
                .filter(r -> q.agent() == null || q.agent().equals(r.agent()))
                .filter(r -> q.model() == null || q.model().equals(r.model()))
                .filter(r -> q.mode() == null || q.mode().equals(r.mode()))
                .filter(r -> q.status() == null || q.status() == r.status())
                .filter(r -> q.taskId() == null || q.taskId().equals(r.taskId()))
                .filter(r -> q.from() == null || !r.createdAt().isBefore(q.from()))
                .filter(r -> q.to() == null || r.createdAt().isBefore(q.to()))
                .filter(r -> q.beforeRunId() == null || r.runId().compareTo(q.beforeRunId()) < 0)
                .sorted(Comparator.comparing(RunRecord::runId).reversed())
                .limit(q.limit())
                .toList();
    }

    @Override
    public List<String> runIds(String userId, String mode, Instant finishedSince) {
        return runs.values().stream()
                .filter(r -> r.userId().equals(userId) && r.mode().equals(mode))
                .filter(r -> r.finishedAt() == null || !r.finishedAt().isBefore(finishedSince))
                .map(RunRecord::runId)
                .toList();
    }

    @Override
    public int pseudonymise(String userId, String pseudonym) {
        int changed = 0;
        for (RunRecord r : runs.values()) {
            if (r.userId().equals(userId)) {
                RunRecord anonymous = new RunRecord(r.runId(), r.taskId(), pseudonym, null, r.agent(), r.model(), r.mode(),
                        r.status(), r.success(), null, r.iterations(), r.toolCalls(), r.usage(), r.costUsd(), r.latencyMs(),
                        r.createdAt(), r.finishedAt(), r.scheduleId());
                if (runs.replace(r.runId(), r, anonymous)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    @Override
    public List<UsageLine> usage(UsageQuery query) {
        Function<RunRecord, String> key = switch (query.groupBy()) {
            case USER -> RunRecord::userId;
            case DAY -> r -> r.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
            case HOUR -> r -> r.createdAt().atOffset(ZoneOffset.UTC).toLocalDateTime().truncatedTo(ChronoUnit.HOURS)
                    .toString().substring(0, 13);
            case MODEL -> RunRecord::model;
            case AGENT -> RunRecord::agent;
            case SCHEDULE -> RunRecord::scheduleId;
        };
        Map<String, List<RunRecord>> groups = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        runs.values().stream()
                .filter(r -> !r.createdAt().isBefore(query.from()) && r.createdAt().isBefore(query.to()))
                .filter(r -> query.userId() == null || query.userId().equals(r.userId()))
                .filter(r -> query.scheduleId() == null || query.scheduleId().equals(r.scheduleId()))
                .forEach(r -> groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r));
        List<UsageLine> lines = new ArrayList<>();
        groups.forEach((k, rs) -> {
            Usage usage = rs.stream().map(RunRecord::usage).reduce(Usage.ZERO, Usage::plus);
            BigDecimal cost = rs.stream().map(RunRecord::costUsd).filter(c -> c != null).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<Long> latencies = rs.stream().map(RunRecord::latencyMs).sorted().toList();
            lines.add(new UsageLine(k, rs.size(), usage, cost, rs.stream().filter(r -> r.costUsd() == null).count(),
                    rs.stream().filter(r -> r.status() == RunStatus.FAILED).count(),
                    UsageLedger.percentile(latencies, 0.5), UsageLedger.percentile(latencies, 0.95)));
        });
        return List.copyOf(lines);
    }

    @Override
    public List<RunRecord> recentRuns(String agent, int limit) {
        return runs.values().stream()
                .filter(r -> r.agent().equals(agent) && r.finishedAt() != null && r.status() != RunStatus.CANCELLED)
                .sorted(Comparator.comparing(RunRecord::createdAt).reversed())
                .limit(limit)
                .toList();
    }
}
