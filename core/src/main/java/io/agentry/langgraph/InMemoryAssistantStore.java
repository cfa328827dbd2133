package io.agentry.langgraph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AssistantStore} in memory, for tests and as the contract's reference. */
public final class InMemoryAssistantStore implements AssistantStore {

    private static final Comparator<AssistantRecord> NEWEST = Comparator.comparing(AssistantRecord::createdAt)
            .thenComparing(AssistantRecord::assistantId).reversed();

    /** Each assistant's versions, oldest first, and which is current. */
    private final Map<String, List<AssistantRecord>> versions = new HashMap<>();
    private final Map<String, Integer> current = new HashMap<>();

    @Override
    public synchronized boolean create(AssistantRecord first) {
        if (versions.containsKey(first.assistantId())) {
            return false;
        }
        AssistantRecord one = first.asVersion(1, first.updatedAt());
        versions.put(first.assistantId(), new ArrayList<>(List.of(one)));
        current.put(first.assistantId(), 1);
        return true;
    }

    @Override
    public synchronized Optional<AssistantRecord> find(String assistantId) {
        List<AssistantRecord> all = versions.get(assistantId);
        return all == null ? Optional.empty() : Optional.of(all.get(current.get(assistantId) - 1));
    }

    @Override
    public synchronized Optional<AssistantRecord> addVersion(AssistantRecord next) {
        List<AssistantRecord> all = versions.get(next.assistantId());
        if (all == null) {
            return Optional.empty();
        }
        AssistantRecord added = new AssistantRecord(next.assistantId(), all.getFirst().userId(), next.graphId(),
                all.size() + 1, next.name(), next.description(), next.configJson(), next.contextJson(),
                next.metadataJson(), all.getFirst().createdAt(), next.updatedAt());
        all.add(added);
        current.put(next.assistantId(), added.version());
        return Optional.of(added);
    }

    @Override
    public synchronized List<AssistantRecord> versions(String assistantId, int offset, int limit) {
        List<AssistantRecord> all = versions.getOrDefault(assistantId, List.of());
        return all.reversed().stream().skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized Optional<AssistantRecord> setCurrent(String assistantId, int version) {
        List<AssistantRecord> all = versions.get(assistantId);
        if (all == null || version < 1 || version > all.size()) {
            return Optional.empty();
        }
        current.put(assistantId, version);
        return Optional.of(all.get(version - 1));
    }

    @Override
    public synchronized boolean delete(String assistantId) {
        current.remove(assistantId);
        return versions.remove(assistantId) != null;
    }

    @Override
    public synchronized List<AssistantRecord> list(String userId, int offset, int limit) {
        return versions.keySet().stream().map(id -> find(id).orElseThrow()).filter(a -> a.userId().equals(userId))
                .sorted(NEWEST).skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized int deleteUser(String userId) {
        List<String> ids = versions.keySet().stream().filter(id -> versions.get(id).getFirst().userId().equals(userId)).toList();
        ids.forEach(this::delete);
        return ids.size();
    }
}
