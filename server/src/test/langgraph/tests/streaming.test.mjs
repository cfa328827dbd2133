// Streaming: metadata first (with the run id), then the requested modes, then end; errors as error events;
// resumable streams replayed from a Last-Event-ID.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { alice, CALC, CALC_ANSWER, collect, echo, HELPER, human, STRICT, text, UUID, LIMIT } from "./lib.mjs";

/** A chunk's type as the SDK reads it: `AIMessageChunk` and `ai` are the same to it. */
const chunkType = (m) => (m.type.endsWith("MessageChunk") ? m.type.slice(0, -12).toLowerCase() : m.type);

function assertFrame(parts, runId) {
  assert.ok(parts.length >= 2, `parts: ${JSON.stringify(parts)}`);
  assert.equal(parts[0].event, "metadata", "the first event is metadata");
  assert.match(parts[0].data.run_id, UUID);
  if (runId) assert.equal(parts[0].data.run_id, runId);
  assert.equal(parts.at(-1).event, "end", `the last event is end: ${parts.map((p) => p.event)}`);
  assert.equal(parts.filter((p) => p.event === "end").length, 1);
  assert.equal(parts.filter((p) => p.event === "metadata").length, 1);
  assert.ok(!parts.some((p) => p.event === "error"), JSON.stringify(parts.find((p) => p.event === "error")));
}

async function stream(message, options = {}) {
  const thread = await alice.threads.create();
  let created;
  const parts = await collect(alice.runs.stream(thread.thread_id, HELPER, {
    input: human(message), onRunCreated: (m) => { created = m; }, ...options,
  }));
  const state = await alice.threads.getState(thread.thread_id);
  return { thread, parts, created, state };
}

describe("streaming", () => {
  test("values (the default mode): the state after the input, then after each step; the last is the thread's state", LIMIT, async () => {
    const { thread, parts, created, state } = await stream("stream me");
    assert.equal(created.thread_id, thread.thread_id, "Content-Location names the run");
    const values = parts.filter((p) => p.event === "values");
    assert.ok(values.length >= 2, `${values.length} values events`);
    assert.deepEqual(values[0].data.messages.map((m) => m.type), ["human"], "the input comes first");
    assert.equal(text(values[0].data.messages[0]), "stream me");
    const last = values.at(-1).data.messages;
    assert.deepEqual(last.map((m) => m.type), ["human", "ai"]);
    assert.equal(text(last[1]), echo("stream me"));
    assert.deepEqual(last.map((m) => m.id), state.values.messages.map((m) => m.id), "ids as in the thread's state");
    assert.ok(parts.every((p) => ["metadata", "values", "end"].includes(p.event)), `only values: ${parts.map((p) => p.event)}`);
    assertFrame(parts, created.run_id);
  });

  test("updates: each step's new messages, a tool call and its result included", LIMIT, async () => {
    const { parts, state } = await stream(CALC, { streamMode: "updates" });
    const updates = parts.filter((p) => p.event === "updates");
    assert.ok(updates.length >= 3, `${updates.length} updates`);
    const messages = updates.flatMap((u) => Object.values(u.data).flatMap((node) => node?.messages ?? []));
    assert.deepEqual(messages.map((m) => m.type), ["ai", "tool", "ai"]);
    assert.equal(messages[0].tool_calls[0].name, "calculator");
    assert.deepEqual(messages[0].tool_calls[0].args, { expression: "6*7" });
    assert.equal(messages[1].tool_call_id, messages[0].tool_calls[0].id);
    assert.equal(text(messages[1]), "42");
    assert.equal(text(messages[2]), CALC_ANSWER);
    assert.deepEqual(messages.map((m) => m.id), state.values.messages.slice(1).map((m) => m.id));
    assert.ok(parts.every((p) => ["metadata", "updates", "end"].includes(p.event)), `only updates: ${parts.map((p) => p.event)}`);
    assertFrame(parts);
  });

  test("messages-tuple: the answer as token chunks of one message id, with metadata; tool calls and results too", LIMIT, async () => {
    const { parts, state } = await stream("tell me something long enough to come in several tokens", { streamMode: "messages-tuple" });
    const tuples = parts.filter((p) => p.event === "messages");
    assert.ok(tuples.length >= 3, `${tuples.length} chunks`);
    for (const { data } of tuples) {
      assert.ok(Array.isArray(data) && data.length === 2, "[message, metadata]");
      assert.ok(Array.isArray(data[1].tags), "metadata has tags");
    }
    const answer = state.values.messages.at(-1);
    const chunks = tuples.map((t) => t.data[0]).filter((m) => m.id === answer.id);
    assert.ok(chunks.length >= 3, "the answer comes in several chunks, under the id it has in the state");
    assert.ok(chunks.every((m) => chunkType(m) === "ai"));
    assert.equal(chunks.map(text).join(""), text(answer), "the chunks add up to the answer");

    const tool = await stream(CALC, { streamMode: "messages-tuple" });
    const streamed = tool.parts.filter((p) => p.event === "messages").map((p) => p.data[0]);
    const [, call, result, final] = tool.state.values.messages;
    const callChunks = streamed.filter((m) => m.id === call.id);
    assert.ok(callChunks.some((m) => (m.tool_calls ?? []).some((c) => c.name === "calculator" && c.id === call.tool_calls[0].id)),
      `the tool call is streamed: ${JSON.stringify(callChunks)}`);
    const results = streamed.filter((m) => chunkType(m) === "tool");
    assert.equal(results.length, 1, "the tool's result is streamed");
    assert.equal(results[0].tool_call_id, call.tool_calls[0].id);
    assert.equal(results[0].id, result.id);
    assert.equal(text(results[0]), "42");
    assert.equal(streamed.filter((m) => m.id === final.id).map(text).join(""), CALC_ANSWER);
    assertFrame(parts);
    assertFrame(tool.parts);
  });

  test("messages: metadata, partial messages growing to the answer, complete messages", LIMIT, async () => {
    const { parts, state } = await stream("partial messages please", { streamMode: "messages" });
    const answer = state.values.messages.at(-1);
    const partial = parts.filter((p) => p.event === "messages/partial").flatMap((p) => p.data).filter((m) => m.id === answer.id);
    assert.ok(partial.length >= 2, `${partial.length} partial messages`);
    for (let i = 1; i < partial.length; i++) {
      assert.ok(text(partial[i]).startsWith(text(partial[i - 1])), "each partial message extends the one before");
    }
    assert.equal(text(partial.at(-1)), text(answer));
    const firstMeta = parts.findIndex((p) => p.event === "messages/metadata" && answer.id in p.data);
    const firstPartial = parts.findIndex((p) => p.event === "messages/partial" && p.data.some((m) => m.id === answer.id));
    assert.ok(firstMeta >= 0 && firstMeta < firstPartial, "messages/metadata comes before the first partial message");
    const complete = parts.filter((p) => p.event === "messages/complete").flatMap((p) => p.data);
    assert.ok(complete.some((m) => m.id === answer.id && text(m) === text(answer)), "the answer is completed");
    assertFrame(parts);
  });

  test("events: chat model tokens and tool start and end, as LangChain callback events", LIMIT, async () => {
    const { parts } = await stream(CALC, { streamMode: "events" });
    const events = parts.filter((p) => p.event === "events").map((p) => p.data);
    for (const e of events) {
      assert.equal(typeof e.event, "string");
      assert.equal(typeof e.name, "string");
      assert.equal(typeof e.run_id, "string");
    }
    const kinds = events.map((e) => e.event);
    assert.ok(kinds.includes("on_chat_model_stream"), kinds.join());
    const start = events.find((e) => e.event === "on_tool_start");
    const end = events.find((e) => e.event === "on_tool_end");
    assert.equal(start?.name, "calculator", kinds.join());
    assert.equal(end?.name, "calculator");
    assert.ok(kinds.indexOf("on_tool_start") < kinds.indexOf("on_tool_end"));
    assert.equal(start.run_id, end.run_id, "start and end of one tool call share a run id");
    assertFrame(parts);
  });

  test("several modes at once, custom among them", LIMIT, async () => {
    const { parts } = await stream(CALC, { streamMode: ["values", "updates", "messages-tuple", "custom"] });
    const kinds = new Set(parts.map((p) => p.event));
    for (const kind of ["values", "updates", "messages"]) assert.ok(kinds.has(kind), `${kind} in ${[...kinds]}`);
    assert.ok([...kinds].every((k) => ["metadata", "values", "updates", "messages", "custom", "end"].includes(k)), [...kinds].join());
    assertFrame(parts);
  });

  test("a failing run streams an error event with error and message", LIMIT, async () => {
    const thread = await alice.threads.create();
    const parts = await collect(alice.runs.stream(thread.thread_id, STRICT, { input: human("over budget") }));
    assert.equal(parts[0].event, "metadata");
    const error = parts.find((p) => p.event === "error");
    assert.ok(error, `an error event in ${parts.map((p) => p.event)}`);
    assert.equal(typeof error.data.error, "string");
    assert.match(error.data.message, /budget/i);
    const after = parts.slice(parts.indexOf(error) + 1).map((p) => p.event);
    assert.ok(after.every((e) => e === "end"), `nothing but end after the error: ${after}`);
  });

  test("a resumable stream is replayed after a Last-Event-ID with joinStream", LIMIT, async () => {
    const thread = await alice.threads.create();
    let created;
    const parts = await collect(alice.runs.stream(thread.thread_id, HELPER, {
      input: human(CALC), streamMode: ["values", "updates"], streamResumable: true, onRunCreated: (m) => { created = m; },
    }));
    const ids = parts.map((p) => p.id);
    assert.ok(ids.every((id) => typeof id === "string" && id.length > 0), `every event has an id: ${ids}`);
    assert.equal(new Set(ids).size, ids.length, "ids are distinct");

    const replay = await collect(alice.runs.joinStream(thread.thread_id, created.run_id, { lastEventId: parts[1].id }));
    assert.deepEqual(replay.map((p) => [p.id, p.event, p.data]), parts.slice(2).map((p) => [p.id, p.event, p.data]),
      "what came after that id, once more");
    assertFrame(parts, created.run_id);
  });
});
