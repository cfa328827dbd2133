package io.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MemoryStore} must do: create and replace, read, list in pages, delete, keep users
 * apart, hide expired items at once and delete them later, and rank search results as the port's
 * contract says. A backend's test extends this, supplies a store and empties it before each test
 * ({@link #emptyStore()}).
 */
public abstract class MemoryStoreContract {

    protected abstract MemoryStore store();

    /** Removes every item, so each test starts from an empty store. */
    protected abstract void emptyStore();

    private final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    private String alice;
    private String bob;

    @BeforeEach
    void emptyStoreAndNewUsers() {
        emptyStore();
        alice = "alice-" + UUID.randomUUID();
        bob = "bob-" + UUID.randomUUID();
    }

    private MemoryStore.Written put(String user, String namespace, String key, String text, Instant now) {
        return store().put(user, namespace, key, "{\"text\":\"" + text + "\"}", text, null, now);
    }

    private List<String> keys(List<MemoryStore.Hit> hits) {
        return hits.stream().map(h -> h.item().key()).toList();
    }

    @Test
    void itemsUnderANamespacePrefixAndTheNamespacesAreListedInOrder() {
        put(alice, "users.a_1.prefs", "b", "x", t0);
        put(alice, "users.a_1.prefs", "a", "x", t0);
        put(alice, "users.a_1", "top", "x", t0);
        put(alice, "users.aX1.prefs", "other", "x", t0);
        put(alice, "users.a_10", "not-under", "x", t0);
        put(bob, "users.a_1", "bobs", "x", t0);
        store().put(alice, "users.a_1.old", "gone", "{}", "", t0.plusSeconds(1), t0);
        Instant later = t0.plusSeconds(2);
        assertThat(store().listUnder(alice, "users.a_1", 0, 10, later)).extracting(MemoryItem::key)
                .containsExactly("top", "a", "b");
        assertThat(store().listUnder(alice, "users.a_1", 1, 1, later)).extracting(MemoryItem::key).containsExactly("a");
        assertThat(store().listUnder(alice, null, 0, 10, later)).hasSize(5);
        assertThat(store().listUnder(alice, "users.a_", 0, 10, later)).isEmpty();
        assertThat(store().namespaces(alice, "users.a_1", 10, later)).containsExactly("users.a_1", "users.a_1.prefs");
        // the order of names that differ in punctuation is the database's collation's: only the set is the contract's
        assertThat(store().namespaces(alice, null, 10, later))
                .containsExactlyInAnyOrder("users.a_1", "users.a_1.prefs", "users.aX1.prefs", "users.a_10");
        assertThat(store().namespaces(alice, null, 2, later)).hasSize(2);
        assertThat(store().namespaces(bob, null, 10, later)).containsExactly("users.a_1");
    }

    @Test
    void aPutItemReadsBackWithEverythingItWasGiven() {
        MemoryStore.Written written = store().put(alice, "prefs", "colour", "{\"favourite\":\"teal\",\"n\":[1,2]}",
                "favourite colour teal", t0.plusSeconds(3600), t0);

        assertThat(written.created()).isTrue();
        MemoryItem item = store().get(alice, "prefs", "colour", t0).orElseThrow();
        assertThat(item).isEqualTo(written.item());
        assertThat(item.userId()).isEqualTo(alice);
        assertThat(item.namespace()).isEqualTo("prefs");
        assertThat(item.key()).isEqualTo("colour");
        assertThat(item.valueJson()).isEqualTo("{\"favourite\":\"teal\",\"n\":[1,2]}");
        assertThat(item.text()).isEqualTo("favourite colour teal");
        assertThat(item.createdAt()).isEqualTo(t0);
        assertThat(item.updatedAt()).isEqualTo(t0);
        assertThat(item.expiresAt()).isEqualTo(t0.plusSeconds(3600));
        assertThat(store().get(alice, "prefs", "other", t0)).isEmpty();
        assertThat(store().get(alice, "other", "colour", t0)).isEmpty();
    }

    @Test
    void replacingKeepsCreationTimeAndTakesTheNewValueTextAndExpiry() {
        store().put(alice, "prefs", "colour", "\"teal\"", "teal", t0.plusSeconds(60), t0);
        MemoryStore.Written replaced = store().put(alice, "prefs", "colour", "\"navy\"", "navy", null, t0.plusSeconds(5));

        assertThat(replaced.created()).isFalse();
        MemoryItem item = store().get(alice, "prefs", "colour", t0.plusSeconds(120)).orElseThrow();
        assertThat(item.valueJson()).isEqualTo("\"navy\"");
        assertThat(item.text()).isEqualTo("navy");
        assertThat(item.createdAt()).isEqualTo(t0);
        assertThat(item.updatedAt()).isEqualTo(t0.plusSeconds(5));
        assertThat(item.expiresAt()).isNull();
        assertThat(store().search(alice, "teal", null, 10, t0.plusSeconds(6))).isEmpty();
        assertThat(keys(store().search(alice, "navy", null, 10, t0.plusSeconds(6)))).containsExactly("colour");
    }

    @Test
    void deletingRemovesTheItemOnce() {
        put(alice, "prefs", "colour", "teal", t0);

        assertThat(store().delete(alice, "prefs", "colour", t0)).isTrue();
        assertThat(store().delete(alice, "prefs", "colour", t0)).isFalse();
        assertThat(store().get(alice, "prefs", "colour", t0)).isEmpty();
        assertThat(store().search(alice, "teal", null, 10, t0)).isEmpty();
        assertThat(put(alice, "prefs", "colour", "teal", t0.plusSeconds(1)).created()).isTrue();
    }

    @Test
    void usersNeverSeeOrTouchEachOthersItems() {
        put(alice, "prefs", "colour", "teal", t0);

        assertThat(store().get(bob, "prefs", "colour", t0)).isEmpty();
        assertThat(store().list(bob, "prefs", null, 10, t0)).isEmpty();
        assertThat(store().search(bob, "teal", null, 10, t0)).isEmpty();
        assertThat(store().delete(bob, "prefs", "colour", t0)).isFalse();
        // bob's own item under the same address is his, and alice's is untouched by it
        assertThat(put(bob, "prefs", "colour", "orange", t0).created()).isTrue();
        assertThat(store().get(alice, "prefs", "colour", t0).orElseThrow().text()).isEqualTo("teal");
        assertThat(keys(store().search(alice, "orange teal", null, 10, t0))).containsExactly("colour");
        assertThat(store().search(alice, "orange", null, 10, t0)).isEmpty();
    }

    @Test
    void listingPagesThroughOneNamespaceInKeyOrder() {
        for (String key : List.of("d", "a", "c", "e", "b")) {
            put(alice, "notes", key, "note " + key, t0);
        }
        put(alice, "other", "aa", "elsewhere", t0);
        put(bob, "notes", "ab", "bob's", t0);

        List<MemoryItem> first = store().list(alice, "notes", null, 2, t0);
        List<MemoryItem> second = store().list(alice, "notes", first.getLast().key(), 2, t0);
        List<MemoryItem> third = store().list(alice, "notes", second.getLast().key(), 2, t0);

        assertThat(first).extracting(MemoryItem::key).containsExactly("a", "b");
        assertThat(second).extracting(MemoryItem::key).containsExactly("c", "d");
        assertThat(third).extracting(MemoryItem::key).containsExactly("e");
        assertThat(store().list(alice, "notes", "e", 2, t0)).isEmpty();
        assertThat(store().list(alice, "empty", null, 2, t0)).isEmpty();
    }

    @Test
    void expiredItemsVanishFromEveryReadAtOnceAndArePurgedLater() {
        Instant expiry = t0.plusSeconds(10);
        store().put(alice, "notes", "short", "\"x\"", "fleeting thought", expiry, t0);
        store().put(alice, "notes", "long", "\"y\"", "lasting thought", null, t0);
        Instant before = expiry.minusMillis(1);

        assertThat(store().get(alice, "notes", "short", before)).isPresent();
        assertThat(store().list(alice, "notes", null, 10, before)).extracting(MemoryItem::key).containsExactly("long", "short");
        assertThat(keys(store().search(alice, "fleeting", null, 10, before))).containsExactly("short");

        assertThat(store().get(alice, "notes", "short", expiry)).isEmpty();
        assertThat(store().list(alice, "notes", null, 10, expiry)).extracting(MemoryItem::key).containsExactly("long");
        assertThat(store().search(alice, "thought", null, 10, expiry)).extracting(h -> h.item().key()).containsExactly("long");

        store().put(alice, "notes", "later", "\"z\"", "later thought", expiry.plusSeconds(100), t0);
        assertThat(store().deleteExpired(expiry)).isEqualTo(1);
        assertThat(store().deleteExpired(expiry.plusSeconds(1))).isZero();
        assertThat(store().get(alice, "notes", "later", expiry.plusSeconds(1))).isPresent();
        assertThat(store().get(alice, "notes", "long", expiry.plusSeconds(1))).isPresent();
    }

    @Test
    void purgingDeletesExactlyTheExpiredItems() {
        store().put(alice, "notes", "gone", "\"x\"", "gone", t0.plusSeconds(1), t0);
        store().put(alice, "notes", "kept", "\"y\"", "kept", t0.plusSeconds(100), t0);

        int purged = store().deleteExpired(t0.plusSeconds(50));

        assertThat(purged).isEqualTo(1);
        // an expired key written again is a new item
        MemoryStore.Written again = store().put(alice, "notes", "gone", "\"x2\"", "gone again", null, t0.plusSeconds(60));
        assertThat(again.created()).isTrue();
        assertThat(again.item().createdAt()).isEqualTo(t0.plusSeconds(60));
        assertThat(store().get(alice, "notes", "kept", t0.plusSeconds(60))).isPresent();
    }

    @Test
    void deletingAnExpiredItemReportsThatNothingWasThere() {
        store().put(alice, "notes", "k", "\"old\"", "old", t0.plusSeconds(1), t0);

        assertThat(store().delete(alice, "notes", "k", t0.plusSeconds(1))).isFalse();
        assertThat(store().get(alice, "notes", "k", t0)).isEmpty();
    }

    @Test
    void aKeyWrittenAgainAfterItExpiredIsNewEvenBeforeThePurge() {
        store().put(alice, "notes", "k", "\"old\"", "old", t0.plusSeconds(1), t0);

        MemoryStore.Written again = store().put(alice, "notes", "k", "\"new\"", "new", null, t0.plusSeconds(2));

        assertThat(again.created()).isTrue();
        assertThat(again.item().createdAt()).isEqualTo(t0.plusSeconds(2));
    }

    @Test
    void searchRanksMoreDistinctWordsFirstThenMoreOccurrences() {
        put(alice, "notes", "colour", "my favourite colour is blue", t0);
        put(alice, "notes", "whales", "blue whales are big and the sea is blue", t0);
        put(alice, "notes", "food", "favourite food is pizza", t0);
        put(alice, "notes", "paris", "the weather in Paris", t0);

        List<MemoryStore.Hit> hits = store().search(alice, "Favourite colour, BLUE?", null, 10, t0);

        assertThat(keys(hits)).containsExactly("colour", "whales", "food");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(1).score()).isGreaterThan(hits.get(2).score());
        assertThat(keys(store().search(alice, "favourite colour blue", null, 2, t0))).containsExactly("colour", "whales");
        assertThat(keys(store().search(alice, "pizza", null, 10, t0))).containsExactly("food");
    }

    @Test
    void equalMatchesGoMostRecentlyUpdatedFirst() {
        put(alice, "notes", "older", "meeting with Dana on Friday", t0);
        put(alice, "notes", "newer", "meeting with Dana on Friday", t0.plusSeconds(30));

        assertThat(keys(store().search(alice, "dana", null, 10, t0.plusSeconds(60)))).containsExactly("newer", "older");
    }

    @Test
    void searchCanKeepToOneNamespace() {
        put(alice, "work", "w", "project deadline in March", t0);
        put(alice, "home", "h", "garden project in March", t0);

        assertThat(keys(store().search(alice, "project", "work", 10, t0))).containsExactly("w");
        assertThat(store().search(alice, "project", null, 10, t0)).hasSize(2);
    }

    @Test
    void aQueryOfOnlyStopWordsOrPunctuationFindsNothing() {
        put(alice, "notes", "n", "the one and only", t0);

        assertThat(store().search(alice, "the and", null, 10, t0)).isEmpty();
        assertThat(store().search(alice, "?!", null, 10, t0)).isEmpty();
        assertThat(keys(store().search(alice, "the ONLY one", null, 10, t0))).containsExactly("n");
    }

    @Test
    void concurrentFirstWritesOfOneKeyCreateItOnce() throws Exception {
        int writers = 8;
        List<Future<MemoryStore.Written>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                String text = "version " + i;
                Callable<MemoryStore.Written> write = () -> store().put(alice, "race", "k", "\"" + text + "\"", text,
                        null, t0.plus(Duration.ofMillis(1)));
                results.add(pool.submit(write));
            }
        }
        int created = 0;
        for (Future<MemoryStore.Written> result : results) {
            created += result.get().created() ? 1 : 0;
        }
        assertThat(created).isEqualTo(1);
        assertThat(store().list(alice, "race", null, 10, t0.plusSeconds(1))).hasSize(1);
    }

    @Test
    void deletingAUsersItemsTakesEveryNamespaceAndExpiredItemsAndLeavesOthersAlone() {
        put(alice, "prefs", "colour", "favourite colour teal", t0);
        put(alice, "notes", "trip", "a trip to the sea", t0);
        store().put(alice, "notes", "old", "\"x\"", "expired sea note", t0.plusSeconds(1), t0);
        put(bob, "prefs", "colour", "favourite colour red", t0);

        assertThat(store().deleteUser(alice)).isEqualTo(3);
        Instant later = t0.plusSeconds(10);
        assertThat(store().list(alice, "prefs", null, 10, later)).isEmpty();
        assertThat(store().list(alice, "notes", null, 10, later)).isEmpty();
        assertThat(store().search(alice, "sea colour", null, 10, later)).isEmpty();
        assertThat(store().get(bob, "prefs", "colour", later)).isPresent();
        assertThat(keys(store().search(bob, "colour", null, 10, later))).containsExactly("colour");
        assertThat(store().deleteUser(alice)).isZero();
    }
}
