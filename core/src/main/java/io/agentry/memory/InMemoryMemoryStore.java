package io.agentry.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link MemoryStore} in memory, for tests and benchmarks: one lock, nothing survives a restart.
 * Search scores with {@link SearchTerms#score}.
 */
public final class InMemoryMemoryStore implements MemoryStore {

    private record Id(String userId, String namespace, String key) implements Comparable<Id> {
        private static final Comparator<Id> ORDER = Comparator.comparing(Id::userId).thenComparing(Id::namespace)
                .thenComparing(Id::key);

        @Override
        public int compareTo(Id other) {
            return ORDER.compare(this, other);
        }
    }

    private final TreeMap<Id, MemoryItem> items = new TreeMap<>();

    @Override
    public synchronized int deleteUser(String userId) {
        int before = items.size();
        items.keySet().removeIf(id -> id.userId().equals(userId));
        return before - items.size();
    }

    @Override
    public synchronized Written put(String userId, String namespace, String key, String valueJson, String text,
                                    Instant expiresAt, Instant now) {
        Id id = new Id(userId, namespace, key);
        MemoryItem existing = items.get(id);
        boolean created = existing == null || !existing.isLiveAt(now);
        MemoryItem item = new MemoryItem(userId, namespace, key, valueJson, text,
                created ? now : existing.createdAt(), now, expiresAt);
        items.put(id, item);
        return new Written(item, created);
    }

    @Override
    public synchronized Optional<MemoryItem> get(String userId, String namespace, String key, Instant now) {
        return Optional.ofNullable(items.get(new Id(userId, namespace, key))).filter(i -> i.isLiveAt(now));
    }

    @Override
    public synchronized boolean delete(String userId, String namespace, String key, Instant now) {
        MemoryItem removed = items.remove(new Id(userId, namespace, key));
        return removed != null && removed.isLiveAt(now);
    }

    @Override
    public synchronized List<MemoryItem> listUnder(String userId, String prefix, int offset, int limit, Instant now) {
        return items.values().stream().filter(i -> i.userId().equals(userId) && i.isLiveAt(now))
                .filter(i -> MemoryStore.isUnder(i.namespace(), prefix)).skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized List<String> namespaces(String userId, String prefix, int limit, Instant now) {
        return items.values().stream().filter(i -> i.userId().equals(userId) && i.isLiveAt(now))
                .map(MemoryItem::namespace).filter(n -> MemoryStore.isUnder(n, prefix)).distinct().sorted().limit(limit)
                .toList();
    }

    @Override
    public synchronized List<MemoryItem> list(String userId, String namespace, String afterKey, int limit, Instant now) {
        Map<Id, MemoryItem> tail = afterKey == null
                ? items.tailMap(new Id(userId, namespace, ""), true)
                : items.tailMap(new Id(userId, namespace, afterKey), false);
        List<MemoryItem> page = new ArrayList<>();
        for (MemoryItem item : tail.values()) {
            if (page.size() >= limit || !item.userId().equals(userId) || !item.namespace().equals(namespace)) {
                break;
            }
            if (item.isLiveAt(now)) {
                page.add(item);
            }
        }
        return page;
    }

    @Override
    public synchronized List<Hit> search(String userId, String query, String namespace, int limit, Instant now) {
        List<String> terms = SearchTerms.ofQuery(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        List<Hit> hits = new ArrayList<>();
        for (MemoryItem item : items.values()) {
            if (!item.userId().equals(userId) || (namespace != null && !item.namespace().equals(namespace))
                    || !item.isLiveAt(now)) {
                continue;
            }
            Map<String, Integer> words = SearchTerms.of(item.text());
            int matched = 0;
            long occurrences = 0;
            for (String term : terms) {
                Integer count = words.get(term);
                if (count != null) {
                    matched++;
                    occurrences += count;
                }
            }
            if (matched > 0) {
                hits.add(new Hit(item, SearchTerms.score(matched, occurrences)));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed()
                .thenComparing(h -> h.item().updatedAt(), Comparator.reverseOrder())
                .thenComparing(h -> h.item().namespace())
                .thenComparing(h -> h.item().key()));
        return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
    }

    @Override
    public synchronized int deleteExpired(Instant now) {
        int before = items.size();
        items.values().removeIf(i -> !i.isLiveAt(now));
        return before - items.size();
    }
}
