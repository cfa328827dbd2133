// Two users' keys: each sees only its own assistants, threads, runs, store and crons; the configured
// assistants are everyone's. Requests without a valid key are refused.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { alice, assertStatus, bob, client, HELPER, human, unique, LIMIT } from "./lib.mjs";

describe("isolation between users", () => {
  test("a request without a key, or with an unknown one, is 401", LIMIT, async () => {
    await assertStatus(client(null).threads.search(), 401);
    await assertStatus(client("not-a-key-of-this-server").threads.search(), 401);
    await assertStatus(client("not-a-key-of-this-server").assistants.search(), 401);
  });

  test("threads and runs of one user do not exist for another", LIMIT, async () => {
    const tag = unique("mine");
    const thread = await alice.threads.create({ metadata: { tag } });
    const values = await alice.runs.wait(thread.thread_id, HELPER, { input: human("private words") });
    const [run] = await alice.runs.list(thread.thread_id);
    assert.equal(values.messages.length, 2);

    await assertStatus(bob.threads.get(thread.thread_id), 404);
    await assertStatus(bob.threads.getState(thread.thread_id), 404);
    await assertStatus(bob.threads.getHistory(thread.thread_id), 404);
    await assertStatus(bob.threads.update(thread.thread_id, { metadata: { tag: "stolen" } }), 404);
    await assertStatus(bob.threads.copy(thread.thread_id), 404);
    await assertStatus(bob.threads.delete(thread.thread_id), 404);
    assert.deepEqual(await bob.threads.search({ metadata: { tag } }), []);
    assert.deepEqual(await bob.threads.search({ ids: [thread.thread_id] }), []);
    assert.equal(await bob.threads.count({ metadata: { tag } }), 0);

    await assertStatus(bob.runs.list(thread.thread_id), 404);
    await assertStatus(bob.runs.get(thread.thread_id, run.run_id), 404);
    await assertStatus(bob.runs.join(thread.thread_id, run.run_id), 404);
    await assertStatus(bob.runs.cancel(thread.thread_id, run.run_id), 404);
    await assertStatus(bob.runs.delete(thread.thread_id, run.run_id), 404);
    await assertStatus(bob.runs.create(thread.thread_id, HELPER, { input: human("let me in") }), 404);
    await assertStatus(bob.runs.wait(thread.thread_id, HELPER, { input: human("let me in") }), 404);

    // all still there for alice, untouched
    const mine = await alice.threads.get(thread.thread_id);
    assert.equal(mine.metadata.tag, tag);
    assert.equal((await alice.threads.getState(thread.thread_id)).values.messages.length, 2);
    assert.equal((await alice.runs.get(thread.thread_id, run.run_id)).status, "success");
  });

  test("assistants created by one user are not another's; the configured ones are everyone's", LIMIT, async () => {
    const tag = unique("team");
    const mine = await alice.assistants.create({ graphId: HELPER, name: "alice's own", metadata: { tag } });
    await assertStatus(bob.assistants.get(mine.assistant_id), 404);
    await assertStatus(bob.assistants.update(mine.assistant_id, { name: "bob's now" }), 404);
    await assertStatus(bob.assistants.delete(mine.assistant_id), 404);
    await assertStatus(bob.assistants.getVersions(mine.assistant_id), 404);
    assert.deepEqual(await bob.assistants.search({ metadata: { tag } }), []);
    assert.equal(await bob.assistants.count({ metadata: { tag } }), 0);
    const bobThread = await bob.threads.create();
    await assertStatus(bob.runs.create(bobThread.thread_id, mine.assistant_id, { input: human("borrowed") }), 404);

    const [forAlice] = await alice.assistants.search({ graphId: HELPER, metadata: { created_by: "system" } });
    const [forBob] = await bob.assistants.search({ graphId: HELPER, metadata: { created_by: "system" } });
    assert.equal(forBob.assistant_id, forAlice.assistant_id);
    assert.equal((await alice.assistants.get(mine.assistant_id)).name, "alice's own");
    await alice.assistants.delete(mine.assistant_id);
  });

  test("store items of one user are not another's, even under the same namespace and key", LIMIT, async () => {
    const namespace = ["shared", unique("ns")];
    await alice.store.putItem(namespace, "secret", { owner: "alice" });
    assert.equal(await bob.store.getItem(namespace, "secret"), null);
    assert.deepEqual((await bob.store.searchItems([namespace[0]], { filter: { owner: "alice" }, limit: 100 })).items, []);
    assert.ok(!(await bob.store.listNamespaces({ prefix: namespace })).namespaces.length);

    await bob.store.putItem(namespace, "secret", { owner: "bob" });
    await bob.store.deleteItem(namespace, "secret");
    assert.deepEqual((await alice.store.getItem(namespace, "secret")).value, { owner: "alice" }, "bob's writes are his own");
  });

  test("crons of one user are not another's", LIMIT, async () => {
    const thread = await alice.threads.create();
    const tag = unique("cron");
    const cron = await alice.crons.createForThread(thread.thread_id, HELPER, { schedule: "0 3 * * *", input: human("x"), metadata: { tag } });
    assert.deepEqual(await bob.crons.search({ metadata: { tag } }), []);
    assert.equal(await bob.crons.count({ metadata: { tag } }), 0);
    await assertStatus(bob.crons.update(cron.cron_id, { schedule: "0 4 * * *" }), 404);
    await assertStatus(bob.crons.delete(cron.cron_id), 404);
    await assertStatus(bob.crons.createForThread(thread.thread_id, HELPER, { schedule: "0 3 * * *", input: human("x") }), 404);
    assert.equal(await alice.crons.count({ metadata: { tag } }), 1);
    await alice.crons.delete(cron.cron_id);
  });
});
