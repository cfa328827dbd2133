// Threads are sessions: create (if_exists), get, update metadata, delete, search, count, copy, state as
// LangChain messages, history, statuses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  alice, assertStatus, assertTimestamp, CALC, CALC_ANSWER, echo, gate, HELPER, human, LIMIT, STRICT, text, unique, UUID,
} from "./lib.mjs";

function assertThread(t) {
  assert.match(t.thread_id, UUID, "thread_id is a UUID");
  assertTimestamp(t.created_at, "created_at");
  assertTimestamp(t.updated_at, "updated_at");
  assert.equal(typeof t.metadata, "object");
  assert.ok(["idle", "busy", "interrupted", "error"].includes(t.status), `status ${t.status}`);
}

describe("threads", () => {
  test("create, get, update metadata, delete", LIMIT, async () => {
    const tag = unique("tag");
    const thread = await alice.threads.create({ metadata: { tag, colour: "teal" } });
    assertThread(thread);
    assert.equal(thread.status, "idle");
    assert.equal(thread.metadata.tag, tag);
    assert.equal(thread.metadata.colour, "teal");

    const got = await alice.threads.get(thread.thread_id);
    assert.equal(got.thread_id, thread.thread_id);
    assert.equal(got.status, "idle");
    assert.equal(got.metadata.tag, tag);

    const updated = await alice.threads.update(thread.thread_id, { metadata: { colour: "plum", size: 3 } });
    assert.equal(updated.thread_id, thread.thread_id);
    assert.equal(updated.metadata.colour, "plum");
    assert.equal(updated.metadata.size, 3);
    assert.equal(updated.metadata.tag, tag, "update merges metadata");
    assert.equal((await alice.threads.get(thread.thread_id)).metadata.colour, "plum");

    await alice.threads.delete(thread.thread_id);
    await assertStatus(alice.threads.get(thread.thread_id), 404);
    await assertStatus(alice.threads.delete(thread.thread_id), 404);
    await assertStatus(alice.threads.update(thread.thread_id, { metadata: { a: 1 } }), 404);
  });

  test("create with a thread id: if_exists raise is 409, do_nothing returns the existing thread", LIMIT, async () => {
    const threadId = crypto.randomUUID();
    const created = await alice.threads.create({ threadId, metadata: { first: true } });
    assert.equal(created.thread_id, threadId);
    await assertStatus(alice.threads.create({ threadId }), 409);
    await assertStatus(alice.threads.create({ threadId, ifExists: "raise" }), 409);
    const existing = await alice.threads.create({ threadId, ifExists: "do_nothing", metadata: { first: false } });
    assert.equal(existing.thread_id, threadId);
    assert.equal(existing.metadata.first, true, "do_nothing leaves the thread as it was");
  });

  test("state holds the conversation as LangChain messages; history has a state per run", LIMIT, async () => {
    const thread = await alice.threads.create();
    const empty = await alice.threads.getState(thread.thread_id);
    assert.deepEqual(empty.values?.messages ?? [], []);

    await alice.runs.wait(thread.thread_id, HELPER, { input: human(CALC) });
    const state = await alice.threads.getState(thread.thread_id);
    const messages = state.values.messages;
    assert.deepEqual(messages.map((m) => m.type), ["human", "ai", "tool", "ai"], JSON.stringify(messages));
    for (const m of messages) assert.equal(typeof m.id, "string", "every message has an id");
    assert.equal(new Set(messages.map((m) => m.id)).size, messages.length, "message ids are distinct");
    assert.equal(text(messages[0]), CALC);
    const [call] = messages[1].tool_calls;
    assert.equal(messages[1].tool_calls.length, 1);
    assert.equal(call.name, "calculator");
    assert.deepEqual(call.args, { expression: "6*7" });
    assert.equal(typeof call.id, "string");
    assert.equal(messages[2].tool_call_id, call.id, "the tool message answers the call");
    assert.equal(text(messages[2]), "42");
    assert.equal(text(messages[3]), CALC_ANSWER);
    assert.deepEqual(state.next, [], "nothing left to run");
    assert.equal(typeof state.checkpoint?.checkpoint_id, "string");
    assert.equal(state.checkpoint.thread_id, thread.thread_id);
    assert.deepEqual(state.tasks, []);

    await alice.runs.wait(thread.thread_id, HELPER, { input: human("and now?") });
    const after = await alice.threads.getState(thread.thread_id);
    assert.equal(after.values.messages.length, 6);
    assert.equal(text(after.values.messages[5]), echo("and now?", 2));
    assert.notEqual(after.checkpoint.checkpoint_id, state.checkpoint.checkpoint_id, "a new checkpoint per run");

    const history = await alice.threads.getHistory(thread.thread_id);
    assert.ok(history.length >= 2, `history of ${history.length}`);
    assert.deepEqual(history[0].values.messages.map((m) => m.id), after.values.messages.map((m) => m.id),
      "the newest state comes first");
    assert.ok(history.some((h) => h.values.messages.length === 4 && h.checkpoint.checkpoint_id === state.checkpoint.checkpoint_id),
      "the state after the first run is in the history");
    const one = await alice.threads.getHistory(thread.thread_id, { limit: 1 });
    assert.equal(one.length, 1);

    const got = await alice.threads.get(thread.thread_id);
    assert.equal(got.values.messages.length, 6, "the thread carries its values");
  });

  test("statuses: busy while a run runs, idle after, error after a failed run", LIMIT, async () => {
    const thread = await alice.threads.create();
    const key = unique("busy");
    const run = await alice.runs.create(thread.thread_id, HELPER, { input: human(gate.message(key)) });
    await gate.arrived(key);
    assert.equal((await alice.threads.get(thread.thread_id)).status, "busy");
    assert.equal(await alice.threads.count({ status: "busy", metadata: {} }) >= 1, true);
    const busy = await alice.threads.search({ status: "busy", limit: 100 });
    assert.ok(busy.some((t) => t.thread_id === thread.thread_id), "search by status finds the busy thread");
    await gate.release(key);
    await alice.runs.join(thread.thread_id, run.run_id);
    assert.equal((await alice.threads.get(thread.thread_id)).status, "idle");

    const failing = await alice.threads.create();
    const failed = await alice.runs.create(failing.thread_id, STRICT, { input: human("this run is over budget") });
    await alice.runs.join(failing.thread_id, failed.run_id);
    assert.equal((await alice.runs.get(failing.thread_id, failed.run_id)).status, "error");
    assert.equal((await alice.threads.get(failing.thread_id)).status, "error");
  });

  test("search by metadata, ids and status, with paging and sorting; count agrees", LIMIT, async () => {
    const batch = unique("batch");
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(await alice.threads.create({ metadata: { batch, i } }));
    }
    assert.equal(await alice.threads.count({ metadata: { batch } }), 3);
    assert.equal(await alice.threads.count({ metadata: { batch, i: 1 } }), 1);
    assert.equal(await alice.threads.count({ metadata: { batch }, status: "idle" }), 3);
    assert.equal(await alice.threads.count({ metadata: { batch }, status: "busy" }), 0);

    const found = await alice.threads.search({ metadata: { batch } });
    assert.deepEqual(found.map((t) => t.thread_id).sort(), made.map((t) => t.thread_id).sort());
    const byIds = await alice.threads.search({ ids: [made[0].thread_id, made[2].thread_id] });
    assert.deepEqual(byIds.map((t) => t.thread_id).sort(), [made[0].thread_id, made[2].thread_id].sort());

    const oldestFirst = await alice.threads.search({ metadata: { batch }, sortBy: "created_at", sortOrder: "asc" });
    assert.deepEqual(oldestFirst.map((t) => t.metadata.i), [0, 1, 2]);
    const newestFirst = await alice.threads.search({ metadata: { batch }, sortBy: "created_at", sortOrder: "desc" });
    assert.deepEqual(newestFirst.map((t) => t.metadata.i), [2, 1, 0]);
    const page = await alice.threads.search({ metadata: { batch }, sortBy: "created_at", sortOrder: "asc", limit: 2, offset: 1 });
    assert.deepEqual(page.map((t) => t.metadata.i), [1, 2]);
  });

  test("copy makes a new thread with the same conversation and metadata", LIMIT, async () => {
    const thread = await alice.threads.create({ metadata: { origin: "copied" } });
    await alice.runs.wait(thread.thread_id, HELPER, { input: human("copy me") });
    const copy = await alice.threads.copy(thread.thread_id);
    assertThread(copy);
    assert.notEqual(copy.thread_id, thread.thread_id);
    assert.equal(copy.metadata.origin, "copied");
    const original = (await alice.threads.getState(thread.thread_id)).values.messages;
    const copied = (await alice.threads.getState(copy.thread_id)).values.messages;
    assert.deepEqual(copied.map((m) => [m.type, text(m)]), original.map((m) => [m.type, text(m)]));

    // the copy goes on on its own
    await alice.runs.wait(copy.thread_id, HELPER, { input: human("only in the copy") });
    assert.equal((await alice.threads.getState(copy.thread_id)).values.messages.length, 4);
    assert.equal((await alice.threads.getState(thread.thread_id)).values.messages.length, 2);
    await assertStatus(alice.threads.copy(crypto.randomUUID()), 404);
  });

  test("unknown threads are 404 for every read", LIMIT, async () => {
    const id = crypto.randomUUID();
    await assertStatus(alice.threads.get(id), 404);
    await assertStatus(alice.threads.getState(id), 404);
    await assertStatus(alice.threads.getHistory(id), 404);
  });
});
