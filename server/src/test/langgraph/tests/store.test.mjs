// The store is long-term memory: items under namespaces (lists of labels) and keys, searched by namespace
// prefix, by filter on the value, and by a full-text query; namespaces listed.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { alice, assertTimestamp, unique, LIMIT } from "./lib.mjs";

describe("store", () => {
  test("put, get, replace, delete an item", LIMIT, async () => {
    const namespace = ["prefs", unique("user")];
    assert.equal(await alice.store.putItem(namespace, "colour", { favourite: "teal" }), undefined);
    const item = await alice.store.getItem(namespace, "colour");
    assert.deepEqual(item.namespace, namespace);
    assert.equal(item.key, "colour");
    assert.deepEqual(item.value, { favourite: "teal" });
    assertTimestamp(item.created_at, "created_at");
    assertTimestamp(item.updated_at, "updated_at");

    await alice.store.putItem(namespace, "colour", { favourite: "plum", since: 2026 });
    const replaced = await alice.store.getItem(namespace, "colour");
    assert.deepEqual(replaced.value, { favourite: "plum", since: 2026 });
    assert.equal(replaced.created_at, item.created_at, "a replaced item keeps its creation time");

    await alice.store.deleteItem(namespace, "colour");
    assert.equal(await alice.store.getItem(namespace, "colour"), null, "a missing item is null");
    await alice.store.deleteItem(namespace, "colour"); // deleting what is not there is fine
  });

  test("search by namespace prefix and by filter, with paging", LIMIT, async () => {
    const root = unique("notes");
    await alice.store.putItem([root, "work"], "a", { kind: "todo", text: "write the report" });
    await alice.store.putItem([root, "work"], "b", { kind: "idea", text: "a better queue" });
    await alice.store.putItem([root, "home"], "c", { kind: "todo", text: "water the plants" });
    await alice.store.putItem([`${root}x`, "home"], "d", { kind: "todo", text: "not under the prefix" });

    const all = await alice.store.searchItems([root]);
    assert.deepEqual(all.items.map((i) => i.key).sort(), ["a", "b", "c"]);
    for (const item of all.items) {
      assert.equal(item.namespace[0], root);
      assertTimestamp(item.created_at, "created_at");
    }
    const work = await alice.store.searchItems([root, "work"]);
    assert.deepEqual(work.items.map((i) => i.key).sort(), ["a", "b"]);
    const todos = await alice.store.searchItems([root], { filter: { kind: "todo" } });
    assert.deepEqual(todos.items.map((i) => i.key).sort(), ["a", "c"]);
    assert.deepEqual(todos.items.find((i) => i.key === "c").value, { kind: "todo", text: "water the plants" });

    const first = await alice.store.searchItems([root], { limit: 2 });
    const rest = await alice.store.searchItems([root], { limit: 2, offset: 2 });
    assert.equal(first.items.length, 2);
    assert.equal(rest.items.length, 1);
    assert.deepEqual([...first.items, ...rest.items].map((i) => i.key).sort(), ["a", "b", "c"]);
  });

  test("a query searches the items' text, best match first", LIMIT, async () => {
    const root = unique("kb");
    await alice.store.putItem([root], "tea", { text: "green tea is brewed at eighty degrees" });
    await alice.store.putItem([root], "coffee", { text: "espresso needs finely ground coffee" });
    await alice.store.putItem([root], "both", { text: "coffee or tea, ground coffee keeps" });
    const found = await alice.store.searchItems([root], { query: "ground coffee" });
    const keys = found.items.map((i) => i.key);
    assert.deepEqual([...keys].sort(), ["both", "coffee"], "only items with the query's words");
    for (const item of found.items) assert.equal(typeof item.score, "number");
    const tea = await alice.store.searchItems([root], { query: "brewed" });
    assert.deepEqual(tea.items.map((i) => i.key), ["tea"]);
  });

  test("list namespaces, by prefix and to a depth", LIMIT, async () => {
    const root = unique("ns");
    await alice.store.putItem([root, "a", "one"], "k", { v: 1 });
    await alice.store.putItem([root, "a", "two"], "k", { v: 2 });
    await alice.store.putItem([root, "b"], "k", { v: 3 });
    const { namespaces } = await alice.store.listNamespaces({ prefix: [root] });
    assert.deepEqual(namespaces.map((n) => n.join("/")).sort(), [`${root}/a/one`, `${root}/a/two`, `${root}/b`]);
    const shallow = await alice.store.listNamespaces({ prefix: [root], maxDepth: 2 });
    assert.deepEqual(shallow.namespaces.map((n) => n.join("/")).sort(), [`${root}/a`, `${root}/b`]);
    const all = await alice.store.listNamespaces({ limit: 1000 });
    assert.ok(all.namespaces.some((n) => n.join("/") === `${root}/b`));
  });
});
