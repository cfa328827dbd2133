// A busy thread: joining a running run (join, joinStream), cancelling it (interrupt, rollback), and each
// multitask strategy for a second run (reject, enqueue, interrupt, rollback). The `gate` tool holds the first
// run until the test releases it, so "busy" lasts exactly as long as each test needs.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  alice, assertStatus, collect, echo, eventually, gate, HELPER, human, LIMIT, nextWithin, text, unique,
} from "./lib.mjs";

/** A thread whose run waits at a gate (released by the returned function, also when a test fails). */
async function busyThread(options = {}) {
  const thread = await alice.threads.create();
  const key = unique("gate");
  const run = await alice.runs.create(thread.thread_id, HELPER, { input: human(gate.message(key)), ...options });
  await gate.arrived(key);
  return { thread, run, key, release: () => gate.release(key) };
}

const types = (messages) => messages.map((m) => m.type);

describe("a busy thread", () => {
  test("join blocks until the run ends and answers the thread's values", LIMIT, async () => {
    const { thread, run, key, release } = await busyThread();
    assert.equal((await alice.runs.get(thread.thread_id, run.run_id)).status, "running");
    const joined = alice.runs.join(thread.thread_id, run.run_id);
    await release();
    const values = await joined;
    assert.deepEqual(types(values.messages), ["human", "ai", "tool", "ai"]);
    assert.equal(text(values.messages.at(-1)), gate.answer(key));
  });

  test("joinStream of a running run replays it from Last-Event-ID -1, streams the rest and ends", LIMIT, async () => {
    const { thread, run, key, release } = await busyThread({ streamMode: ["values", "updates"], streamResumable: true });
    // -1 is before every event (the SDK's useStream rejoins so): the replayed metadata shows the join is connected
    const joined = alice.runs.joinStream(thread.thread_id, run.run_id, { lastEventId: "-1", streamMode: ["values", "updates"] });
    const iterator = joined[Symbol.asyncIterator]();
    const first = await nextWithin(iterator, 10000, "the replay of the running run");
    assert.equal(first.value?.event, "metadata");
    assert.equal(first.value.data.run_id, run.run_id);
    await release();
    const parts = [first.value];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) parts.push(next.value);
    const last = parts.filter((p) => p.event === "values").at(-1);
    assert.equal(text(last.data.messages.at(-1)), gate.answer(key));
    const updated = parts.filter((p) => p.event === "updates")
      .flatMap((u) => Object.values(u.data).flatMap((node) => node?.messages ?? []));
    assert.ok(updated.some((m) => m.type === "tool" && text(m) === `gate ${key} opened`), "the tool's result came through the join");
    assert.equal(parts.at(-1).event, "end", parts.map((p) => p.event).join());

    // once the run has ended, the same rejoin replays it whole
    const again = await collect(alice.runs.joinStream(thread.thread_id, run.run_id, { lastEventId: "-1" }));
    assert.deepEqual(again.map((p) => [p.event, p.data]), parts.map((p) => [p.event, p.data]));
  });

  test("cancel with interrupt stops the run: status interrupted, what it did kept", LIMIT, async () => {
    const { thread, run, key, release } = await busyThread();
    try {
      await alice.runs.cancel(thread.thread_id, run.run_id, true, "interrupt");
      assert.equal((await alice.runs.get(thread.thread_id, run.run_id)).status, "interrupted");
      const after = await alice.threads.get(thread.thread_id);
      assert.notEqual(after.status, "busy");
      const state = await alice.threads.getState(thread.thread_id);
      assert.equal(state.values.messages[0].type, "human");
      assert.equal(text(state.values.messages[0]), gate.message(key));
      // the thread takes new runs
      const values = await alice.runs.wait(thread.thread_id, HELPER, { input: human("after the interrupt") });
      assert.equal(values.messages.at(-1).type, "ai");
    } finally {
      await release();
    }
  });

  test("cancel with rollback deletes the run and what it did", LIMIT, async () => {
    const thread = await alice.threads.create();
    await alice.runs.wait(thread.thread_id, HELPER, { input: human("before the rollback") });
    const before = (await alice.threads.getState(thread.thread_id)).values.messages;
    const key = unique("gate");
    const run = await alice.runs.create(thread.thread_id, HELPER, { input: human(gate.message(key)) });
    await gate.arrived(key);
    try {
      await alice.runs.cancel(thread.thread_id, run.run_id, true, "rollback");
      await eventually(() => alice.runs.get(thread.thread_id, run.run_id).then(() => "there", (e) => e.status),
        (s) => s === 404, 10000, "the rolled back run is deleted");
      const state = await alice.threads.getState(thread.thread_id);
      assert.deepEqual(state.values.messages.map((m) => m.id), before.map((m) => m.id), "the state is as before the run");
      assert.notEqual((await alice.threads.get(thread.thread_id)).status, "busy");
    } finally {
      await gate.release(key);
    }
  });

  test("multitask reject (the default): a second run is refused with 409", LIMIT, async () => {
    const { thread, run, release } = await busyThread();
    try {
      await assertStatus(alice.runs.create(thread.thread_id, HELPER, { input: human("refused") }), 409);
      await assertStatus(alice.runs.create(thread.thread_id, HELPER, { input: human("refused"), multitaskStrategy: "reject" }), 409);
      await assertStatus(alice.runs.wait(thread.thread_id, HELPER, { input: human("refused"), multitaskStrategy: "reject" }), 409);
      assert.deepEqual((await alice.runs.list(thread.thread_id)).map((r) => r.run_id), [run.run_id], "no run was made");
    } finally {
      await release();
    }
    await alice.runs.join(thread.thread_id, run.run_id);
    assert.equal((await alice.runs.get(thread.thread_id, run.run_id)).status, "success");
  });

  test("multitask enqueue: the second run waits for the first, then runs on its result", LIMIT, async () => {
    const { thread, run, key, release } = await busyThread();
    let second;
    try {
      second = await alice.runs.create(thread.thread_id, HELPER, { input: human("queued behind"), multitaskStrategy: "enqueue" });
      assert.equal(second.status, "pending");
      assert.equal(second.multitask_strategy, "enqueue");
      assert.equal((await alice.runs.get(thread.thread_id, second.run_id)).status, "pending");
    } finally {
      await release();
    }
    const values = await alice.runs.join(thread.thread_id, second.run_id);
    assert.deepEqual(types(values.messages), ["human", "ai", "tool", "ai", "human", "ai"]);
    assert.equal(text(values.messages[3]), gate.answer(key));
    assert.equal(text(values.messages[5]), echo("queued behind", 2));
    assert.equal((await alice.runs.get(thread.thread_id, run.run_id)).status, "success");
    assert.equal((await alice.runs.get(thread.thread_id, second.run_id)).status, "success");
  });

  test("multitask interrupt: the first run is interrupted, the second runs after what it did", LIMIT, async () => {
    const { thread, run, key, release } = await busyThread();
    try {
      const values = await alice.runs.wait(thread.thread_id, HELPER, { input: human("interrupting"), multitaskStrategy: "interrupt" });
      assert.equal((await alice.runs.get(thread.thread_id, run.run_id)).status, "interrupted");
      assert.equal(text(values.messages[0]), gate.message(key), "the interrupted run's input is kept");
      assert.equal(values.messages.at(-1).type, "ai");
      assert.equal(values.messages.at(-2).type, "human");
      assert.equal(text(values.messages.at(-2)), "interrupting");
    } finally {
      await release();
    }
  });

  test("multitask rollback: the first run is deleted with what it did, the second runs alone", LIMIT, async () => {
    const { thread, run, release } = await busyThread();
    try {
      const values = await alice.runs.wait(thread.thread_id, HELPER, { input: human("rolling back"), multitaskStrategy: "rollback" });
      assert.deepEqual(types(values.messages), ["human", "ai"]);
      assert.equal(text(values.messages[1]), echo("rolling back"));
      await assertStatus(alice.runs.get(thread.thread_id, run.run_id), 404);
      assert.equal((await alice.runs.list(thread.thread_id)).length, 1);
    } finally {
      await release();
    }
  });

  test("on_disconnect cancel: a streamed run whose client goes away is interrupted", LIMIT, async () => {
    const thread = await alice.threads.create();
    const key = unique("gate");
    const controller = new AbortController();
    const stream = alice.runs.stream(thread.thread_id, HELPER, {
      input: human(gate.message(key)), onDisconnect: "cancel", signal: controller.signal,
    })[Symbol.asyncIterator]();
    try {
      const first = await nextWithin(stream, 10000, "the stream of the run");
      assert.equal(first.value?.event, "metadata");
      const runId = first.value.data.run_id;
      await gate.arrived(key);
      controller.abort();
      await stream.return?.();
      await eventually(() => alice.runs.get(thread.thread_id, runId), (r) => r.status === "interrupted",
        20000, "the run is interrupted");
    } finally {
      await gate.release(key);
    }
  });

  test("after_seconds delays a run: pending first, then it runs", LIMIT, async () => {
    const thread = await alice.threads.create();
    const run = await alice.runs.create(thread.thread_id, HELPER, { input: human("later"), afterSeconds: 1 });
    assert.equal(run.status, "pending");
    const values = await alice.runs.join(thread.thread_id, run.run_id);
    assert.equal(text(values.messages.at(-1)), echo("later"));
  });
});
