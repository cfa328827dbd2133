// Assistants: every configured agent is an assistant (graph_id = the agent's name); more can be created,
// updated (each update a new version), searched, counted and deleted.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { alice, assertStatus, assertTimestamp, HELPER, SECOND, UUID, unique, LIMIT } from "./lib.mjs";

function assertAssistant(a) {
  assert.match(a.assistant_id, UUID, "assistant_id is a UUID");
  assert.equal(typeof a.graph_id, "string");
  assert.equal(typeof a.name, "string");
  assert.equal(typeof a.config, "object");
  assert.notEqual(a.config, null);
  assert.equal(typeof a.metadata, "object");
  assert.equal(typeof a.version, "number");
  assertTimestamp(a.created_at, "created_at");
  assertTimestamp(a.updated_at, "updated_at");
}

describe("assistants", () => {
  test("each configured agent is a system assistant whose graph_id is the agent's name", LIMIT, async () => {
    const all = await alice.assistants.search({ limit: 100 });
    const graphs = all.map((a) => a.graph_id);
    assert.ok(graphs.includes(HELPER), `graph ids ${graphs}`);
    assert.ok(graphs.includes(SECOND), `graph ids ${graphs}`);

    const [helper, ...more] = await alice.assistants.search({ graphId: HELPER, metadata: { created_by: "system" } });
    assert.equal(more.length, 0, "one system assistant per agent");
    assertAssistant(helper);
    assert.equal(helper.graph_id, HELPER);
    assert.equal(helper.metadata.created_by, "system");
    assert.deepEqual(await alice.assistants.get(helper.assistant_id), helper);
  });

  test("schemas describe the messages of the input and of the state", LIMIT, async () => {
    const [helper] = await alice.assistants.search({ graphId: HELPER, metadata: { created_by: "system" } });
    const schemas = await alice.assistants.getSchemas(helper.assistant_id);
    assert.equal(schemas.graph_id, HELPER);
    assert.ok(schemas.input_schema?.properties?.messages, JSON.stringify(schemas.input_schema));
    assert.ok(schemas.state_schema?.properties?.messages, JSON.stringify(schemas.state_schema));
  });

  test("create, get, update (a new version), versions, set latest, delete", LIMIT, async () => {
    const team = unique("team");
    const created = await alice.assistants.create({
      graphId: HELPER,
      name: "Pirate helper",
      description: "answers like a pirate",
      config: { configurable: { system_prompt: "Answer like a pirate." } },
      metadata: { team },
    });
    assertAssistant(created);
    assert.equal(created.graph_id, HELPER);
    assert.equal(created.name, "Pirate helper");
    assert.equal(created.description, "answers like a pirate");
    assert.equal(created.version, 1);
    assert.equal(created.metadata.team, team);
    assert.equal(created.config.configurable.system_prompt, "Answer like a pirate.");
    assert.deepEqual(await alice.assistants.get(created.assistant_id), created);

    const updated = await alice.assistants.update(created.assistant_id, {
      config: { configurable: { system_prompt: "Answer like a poet." } },
      metadata: { stage: "two" },
    });
    assert.equal(updated.assistant_id, created.assistant_id);
    assert.equal(updated.version, 2);
    assert.equal(updated.config.configurable.system_prompt, "Answer like a poet.");
    assert.equal(updated.metadata.stage, "two");
    assert.equal(updated.metadata.team, team, "update merges metadata");
    assert.equal(updated.name, "Pirate helper", "fields not sent are kept");
    assert.equal(updated.created_at, created.created_at);

    const versions = await alice.assistants.getVersions(created.assistant_id);
    assert.deepEqual(versions.map((v) => v.version), [2, 1], "newest version first");
    assert.ok(versions.every((v) => v.assistant_id === created.assistant_id));
    assert.equal(versions[1].config.configurable.system_prompt, "Answer like a pirate.");

    const back = await alice.assistants.setLatest(created.assistant_id, 1);
    assert.equal(back.version, 1);
    assert.equal(back.config.configurable.system_prompt, "Answer like a pirate.");
    assert.equal((await alice.assistants.get(created.assistant_id)).version, 1);

    await alice.assistants.delete(created.assistant_id);
    await assertStatus(alice.assistants.get(created.assistant_id), 404);
    await assertStatus(alice.assistants.delete(created.assistant_id), 404);
  });

  test("create with an id: if_exists raise is 409, do_nothing returns the existing one", LIMIT, async () => {
    const id = crypto.randomUUID();
    const first = await alice.assistants.create({ graphId: SECOND, assistantId: id, name: "first" });
    assert.equal(first.assistant_id, id);
    await assertStatus(alice.assistants.create({ graphId: SECOND, assistantId: id, name: "again" }), 409);
    const kept = await alice.assistants.create({ graphId: SECOND, assistantId: id, name: "again", ifExists: "do_nothing" });
    assert.equal(kept.assistant_id, id);
    assert.equal(kept.name, "first");
    await alice.assistants.delete(id);
  });

  test("an unknown graph cannot be the base of an assistant", LIMIT, async () => {
    await assertStatus(alice.assistants.create({ graphId: unique("no-such-agent") }), 404);
  });

  test("unknown assistants are 404", LIMIT, async () => {
    await assertStatus(alice.assistants.get(crypto.randomUUID()), 404);
    await assertStatus(alice.assistants.update(crypto.randomUUID(), { metadata: { a: 1 } }), 404);
  });

  test("search filters by metadata and graph, pages with X-Pagination-Next, and count agrees", LIMIT, async () => {
    const team = unique("team");
    const ids = [];
    for (const [graphId, n] of [[HELPER, 1], [HELPER, 2], [SECOND, 3]]) {
      ids.push((await alice.assistants.create({ graphId, name: `paged ${n}`, metadata: { team, n } })).assistant_id);
    }
    assert.equal(await alice.assistants.count({ metadata: { team } }), 3);
    assert.equal(await alice.assistants.count({ metadata: { team }, graphId: HELPER }), 2);
    assert.equal(await alice.assistants.count({ metadata: { team, n: 3 } }), 1);

    const page1 = await alice.assistants.search({ metadata: { team }, limit: 2, offset: 0, includePagination: true });
    assert.equal(page1.assistants.length, 2);
    assert.equal(page1.next, "2", "X-Pagination-Next is the next offset");
    const page2 = await alice.assistants.search({ metadata: { team }, limit: 2, offset: 2, includePagination: true });
    assert.equal(page2.assistants.length, 1);
    assert.equal(page2.next, null, "no X-Pagination-Next on the last page");
    const seen = [...page1.assistants, ...page2.assistants].map((a) => a.assistant_id);
    assert.deepEqual([...seen].sort(), [...ids].sort());

    const byGraph = await alice.assistants.search({ metadata: { team }, graphId: SECOND });
    assert.deepEqual(byGraph.map((a) => a.name), ["paged 3"]);

    const ascending = await alice.assistants.search({ metadata: { team }, sortBy: "name", sortOrder: "asc" });
    assert.deepEqual(ascending.map((a) => a.name), ["paged 1", "paged 2", "paged 3"]);
    const descending = await alice.assistants.search({ metadata: { team }, sortBy: "name", sortOrder: "desc" });
    assert.deepEqual(descending.map((a) => a.name), ["paged 3", "paged 2", "paged 1"]);

    for (const id of ids) await alice.assistants.delete(id);
    assert.equal(await alice.assistants.count({ metadata: { team } }), 0);
  });

  test("a run on a created assistant is a run of that assistant", LIMIT, async () => {
    const assistant = await alice.assistants.create({ graphId: HELPER, name: "runner" });
    const thread = await alice.threads.create();
    const run = await alice.runs.create(thread.thread_id, assistant.assistant_id, {
      input: { messages: [{ type: "human", content: "hello assistant" }] },
    });
    assert.equal(run.assistant_id, assistant.assistant_id);
    await alice.runs.join(thread.thread_id, run.run_id);
    const done = await alice.runs.get(thread.thread_id, run.run_id);
    assert.equal(done.status, "success");
    await alice.assistants.delete(assistant.assistant_id);
  });
});
