// Crons are schedules: on a thread or stateless; searched, counted, updated, deleted.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  alice, assertStatus, assertTimestamp, eventually, HELPER, human, LIMIT, SECOND, text, unique, UUID,
} from "./lib.mjs";

async function systemAssistant(graphId) {
  const [assistant] = await alice.assistants.search({ graphId, metadata: { created_by: "system" } });
  return assistant;
}

function assertCron(cron) {
  assert.match(cron.cron_id, UUID, "cron_id is a UUID");
  assert.match(cron.assistant_id, UUID, "assistant_id is a UUID");
  assert.equal(typeof cron.schedule, "string");
  assertTimestamp(cron.created_at, "created_at");
  assertTimestamp(cron.updated_at, "updated_at");
  assertTimestamp(cron.next_run_date, "next_run_date");
}

describe("crons", () => {
  test("a cron on a thread and a stateless one: create, search, count, update, delete", LIMIT, async () => {
    const helper = await systemAssistant(HELPER);
    const second = await systemAssistant(SECOND);
    const thread = await alice.threads.create();
    const tag = unique("cron");
    const onThread = await alice.crons.createForThread(thread.thread_id, HELPER, {
      schedule: "0 9 * * *", input: human("good morning"), metadata: { tag },
    });
    assertCron(onThread);
    assert.equal(onThread.thread_id, thread.thread_id);
    assert.equal(onThread.assistant_id, helper.assistant_id);
    assert.equal(onThread.schedule, "0 9 * * *");
    assert.ok(new Date(onThread.next_run_date) > new Date(), "the next run is ahead");

    const stateless = await alice.crons.create(SECOND, { schedule: "30 18 * * 1-5", input: human("good evening"), metadata: { tag } });
    assertCron(stateless);
    assert.equal(stateless.thread_id ?? null, null, "a stateless cron has no thread");
    assert.equal(stateless.assistant_id, second.assistant_id);

    const byThread = await alice.crons.search({ threadId: thread.thread_id });
    assert.deepEqual(byThread.map((c) => c.cron_id), [onThread.cron_id]);
    const byAssistant = await alice.crons.search({ assistantId: second.assistant_id, limit: 100 });
    assert.ok(byAssistant.some((c) => c.cron_id === stateless.cron_id));
    assert.ok(byAssistant.every((c) => c.assistant_id === second.assistant_id));
    assert.equal(await alice.crons.count({ threadId: thread.thread_id }), 1);
    assert.equal(await alice.crons.count({ metadata: { tag } }), 2);
    const tagged = await alice.crons.search({ metadata: { tag }, sortBy: "created_at", sortOrder: "asc" });
    assert.deepEqual(tagged.map((c) => c.cron_id), [onThread.cron_id, stateless.cron_id]);

    const updated = await alice.crons.update(onThread.cron_id, { schedule: "15 10 * * *", enabled: false });
    assert.equal(updated.cron_id, onThread.cron_id);
    assert.equal(updated.schedule, "15 10 * * *");
    assert.equal(updated.enabled, false);
    assert.deepEqual((await alice.crons.search({ threadId: thread.thread_id, enabled: false })).map((c) => c.cron_id), [onThread.cron_id]);
    assert.deepEqual(await alice.crons.search({ threadId: thread.thread_id, enabled: true }), []);
    const resumed = await alice.crons.update(onThread.cron_id, { enabled: true });
    assert.equal(resumed.enabled, true);
    assert.equal(resumed.schedule, "15 10 * * *");

    await alice.crons.delete(onThread.cron_id);
    await alice.crons.delete(stateless.cron_id);
    assert.equal(await alice.crons.count({ metadata: { tag } }), 0);
    await assertStatus(alice.crons.delete(onThread.cron_id), 404);
    await assertStatus(alice.crons.update(onThread.cron_id, { schedule: "0 1 * * *" }), 404);
  });

  test("an invalid schedule is refused with 422", LIMIT, async () => {
    await assertStatus(alice.crons.create(HELPER, { schedule: "not a schedule", input: human("never") }), 422);
  });

  test("a cron on a thread runs on the thread when it fires", LIMIT, async () => {
    const thread = await alice.threads.create();
    // six fields, seconds first, as Agentry's schedules take them: every second
    const cron = await alice.crons.createForThread(thread.thread_id, HELPER, { schedule: "* * * * * *", input: human("tick") });
    try {
      const [run] = await eventually(() => alice.runs.list(thread.thread_id, { status: "success" }), (runs) => runs.length > 0,
        20000, "a run of the cron");
      assert.equal(run.thread_id, thread.thread_id);
      const state = await alice.threads.getState(thread.thread_id);
      assert.equal(text(state.values.messages[0]), "tick");
    } finally {
      await alice.crons.delete(cron.cron_id);
    }
  });
});
