// Runs on a thread and stateless: background (create + join), wait, stream, list, get, delete, batch.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  alice, assertStatus, assertTimestamp, collect, echo, gate, HELPER, human, LIMIT, SECOND, STRICT, text, unique, UUID,
} from "./lib.mjs";

const RUN_STATUSES = ["pending", "running", "error", "success", "timeout", "interrupted"];

function assertRun(run, threadId) {
  assert.match(run.run_id, UUID, "run_id is a UUID");
  if (threadId !== undefined) assert.equal(run.thread_id, threadId);
  assert.match(run.assistant_id, UUID, "assistant_id is a UUID");
  assert.ok(RUN_STATUSES.includes(run.status), `status ${run.status}`);
  assertTimestamp(run.created_at, "created_at");
  assertTimestamp(run.updated_at, "updated_at");
  assert.equal(typeof run.metadata, "object");
}

async function systemAssistant(graphId) {
  const [assistant] = await alice.assistants.search({ graphId, metadata: { created_by: "system" } });
  return assistant;
}

describe("runs", () => {
  test("a background run on a thread: created pending or running, joined, then success", LIMIT, async () => {
    const thread = await alice.threads.create();
    const tag = unique("run");
    let created;
    const run = await alice.runs.create(thread.thread_id, HELPER, {
      input: human("hello in the background"),
      metadata: { tag },
      onRunCreated: (meta) => { created = meta; },
    });
    assertRun(run, thread.thread_id);
    assert.ok(["pending", "running", "success"].includes(run.status), run.status);
    assert.equal(run.metadata.tag, tag);
    assert.equal(run.assistant_id, (await systemAssistant(HELPER)).assistant_id, "the graph name names its assistant");
    assert.deepEqual(created, { run_id: run.run_id, thread_id: thread.thread_id }, "Content-Location names the run");

    const values = await alice.runs.join(thread.thread_id, run.run_id);
    assert.deepEqual(values.messages.map((m) => m.type), ["human", "ai"]);
    assert.equal(text(values.messages[1]), echo("hello in the background"));

    const done = await alice.runs.get(thread.thread_id, run.run_id);
    assertRun(done, thread.thread_id);
    assert.equal(done.status, "success");
    assert.equal(done.metadata.tag, tag);
  });

  test("wait answers the thread's values after the run", LIMIT, async () => {
    const thread = await alice.threads.create();
    let created;
    const values = await alice.runs.wait(thread.thread_id, HELPER, {
      input: human("what is 2+3?"),
      onRunCreated: (meta) => { created = meta; },
    });
    assert.deepEqual(values.messages.map((m) => m.type), ["human", "ai", "tool", "ai"]);
    assert.equal(values.messages[1].tool_calls[0].name, "calculator");
    assert.equal(text(values.messages.at(-1)), "2+3 = 5");
    assert.equal(created.thread_id, thread.thread_id);
    assert.equal((await alice.runs.get(thread.thread_id, created.run_id)).status, "success");

    const again = await alice.runs.wait(thread.thread_id, HELPER, { input: human("and again") });
    assert.equal(again.messages.length, 6, "a thread's runs continue one conversation");
    assert.equal(text(again.messages.at(-1)), echo("and again", 2));
  });

  test("a run names its assistant by id as well as by graph name; a different agent answers for its graph", LIMIT, async () => {
    const thread = await alice.threads.create();
    const second = await systemAssistant(SECOND);
    const values = await alice.runs.wait(thread.thread_id, second.assistant_id, { input: human("/tool gate {\"key\": \"x\"}") });
    // `second` has no gate tool: the offline model says so instead of calling it
    assert.deepEqual(values.messages.map((m) => m.type), ["human", "ai"]);
    assert.match(text(values.messages[1]), /gate/);
    const [run] = await alice.runs.list(thread.thread_id);
    assert.equal(run.assistant_id, second.assistant_id);
  });

  test("a failed run: wait throws the error, the run's status is error", LIMIT, async () => {
    const thread = await alice.threads.create();
    await assert.rejects(alice.runs.wait(thread.thread_id, STRICT, { input: human("too expensive") }), /budget/i);
    const [run] = await alice.runs.list(thread.thread_id);
    assert.equal(run.status, "error");
    const raw = await alice.runs.wait(thread.thread_id, STRICT, { input: human("again"), raiseError: false });
    assert.equal(typeof raw.__error__?.error, "string");
    assert.match(raw.__error__.message, /budget/i);
  });

  test("stateless runs: wait and stream without a thread", LIMIT, async () => {
    const values = await alice.runs.wait(null, HELPER, { input: human("no thread at all") });
    assert.deepEqual(values.messages.map((m) => m.type), ["human", "ai"]);
    assert.equal(text(values.messages[1]), echo("no thread at all"));

    const parts = await collect(alice.runs.stream(null, HELPER, { input: human("streamed without a thread") }));
    assert.equal(parts[0].event, "metadata");
    assert.match(parts[0].data.run_id, UUID);
    const last = parts.filter((p) => p.event === "values").at(-1);
    assert.equal(text(last.data.messages.at(-1)), echo("streamed without a thread"));
  });

  test("list (newest first, paged, by status), get, delete", LIMIT, async () => {
    const thread = await alice.threads.create();
    const ids = [];
    for (const message of ["one", "two", "three"]) {
      const run = await alice.runs.create(thread.thread_id, HELPER, { input: human(message), multitaskStrategy: "enqueue" });
      ids.push(run.run_id);
      await alice.runs.join(thread.thread_id, run.run_id);
    }
    const listed = await alice.runs.list(thread.thread_id);
    assert.deepEqual(listed.map((r) => r.run_id), [...ids].reverse(), "newest first");
    listed.forEach((r) => assertRun(r, thread.thread_id));
    assert.deepEqual((await alice.runs.list(thread.thread_id, { limit: 1, offset: 1 })).map((r) => r.run_id), [ids[1]]);
    assert.equal((await alice.runs.list(thread.thread_id, { status: "success" })).length, 3);
    assert.equal((await alice.runs.list(thread.thread_id, { status: "error" })).length, 0);

    await alice.runs.delete(thread.thread_id, ids[0]);
    await assertStatus(alice.runs.get(thread.thread_id, ids[0]), 404);
    assert.deepEqual((await alice.runs.list(thread.thread_id)).map((r) => r.run_id), [ids[2], ids[1]]);
    await assertStatus(alice.runs.get(thread.thread_id, crypto.randomUUID()), 404);
    await assertStatus(alice.runs.list(crypto.randomUUID()), 404);
  });

  test("a run on an unknown thread or assistant is 404", LIMIT, async () => {
    await assertStatus(alice.runs.create(crypto.randomUUID(), HELPER, { input: human("nowhere") }), 404);
    const thread = await alice.threads.create();
    await assertStatus(alice.runs.create(thread.thread_id, crypto.randomUUID(), { input: human("nobody") }), 404);
    await assertStatus(alice.runs.wait(thread.thread_id, unique("no-such-graph"), { input: human("nobody") }), 404);
  });

  test("if_not_exists create makes the thread of a run on an unknown thread id", LIMIT, async () => {
    const threadId = crypto.randomUUID();
    const values = await alice.runs.wait(threadId, HELPER, { input: human("made on the fly"), ifNotExists: "create" });
    assert.equal(text(values.messages.at(-1)), echo("made on the fly"));
    assert.equal((await alice.threads.get(threadId)).thread_id, threadId);
  });

  test("batch creates stateless background runs", LIMIT, async () => {
    const batch = unique("batch");
    const runs = await alice.runs.createBatch([
      { assistantId: HELPER, input: human("first of the batch"), metadata: { batch, n: 1 }, on_completion: "keep" },
      { assistantId: SECOND, input: human("second of the batch"), metadata: { batch, n: 2 }, on_completion: "keep" },
    ]);
    assert.equal(runs.length, 2);
    runs.forEach((r) => assertRun(r));
    assert.notEqual(runs[0].run_id, runs[1].run_id);
    assert.deepEqual(runs.map((r) => r.metadata.n), [1, 2]);
    assert.equal(runs[0].assistant_id, (await systemAssistant(HELPER)).assistant_id);
    assert.equal(runs[1].assistant_id, (await systemAssistant(SECOND)).assistant_id);
    for (const [run, message] of [[runs[0], "first of the batch"], [runs[1], "second of the batch"]]) {
      const values = await alice.runs.join(run.thread_id, run.run_id);
      assert.equal(text(values.messages.at(-1)), echo(message));
    }
  });

  test("a run's webhook is called with the run once it ended", LIMIT, async () => {
    const thread = await alice.threads.create();
    const key = unique("hook");
    const run = await alice.runs.create(thread.thread_id, HELPER, {
      input: human("call me back"), webhook: gate.webhookUrl(key), metadata: { key },
    });
    const body = await gate.webhook(key);
    assert.equal(body.run_id, run.run_id, `the webhook body: ${JSON.stringify(body)}`);
    assert.equal(body.thread_id, thread.thread_id);
    assert.equal(body.status, "success");
    assert.equal(body.metadata?.key, key);
    assert.equal(text(body.values?.messages?.at(-1)), echo("call me back"), "the run's values come with it");
  });
});
