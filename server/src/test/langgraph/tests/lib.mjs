// Shared by the suite's files: the clients, the gate that keeps a run busy, and small helpers.
// Environment (set by LangGraphSdkIT, or by hand against a running server):
//   LANGGRAPH_URL  the API root, e.g. http://127.0.0.1:8080/langgraph
//   ALICE_KEY, BOB_KEY  API keys bound to two different users
//   GATE_URL  the endpoint of the agents' `gate` HTTP tool (see LangGraphSdkIT / Gates.java)
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Client } from "@langchain/langgraph-sdk";

export const API_URL = required("LANGGRAPH_URL");
export const GATE_URL = process.env.GATE_URL;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (LangGraphSdkIT sets it)`);
  return value;
}

/** The SDK's client as an application would make it: the API root and a key, nothing else. */
export function client(key) {
  return new Client({ apiUrl: API_URL, apiKey: key });
}

export const alice = client(required("ALICE_KEY"));
export const bob = client(required("BOB_KEY"));

/**
 * The configured agents of LangGraphSdkIT: `helper` (the default; calculator, current_time, gate), `second`
 * (calculator) and `strict`, whose token budget (30) is too small for any run: its runs fail.
 */
export const HELPER = "helper";
export const SECOND = "second";
export const STRICT = "strict";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const unique = (prefix = "t") => `${prefix}-${randomUUID()}`;

/** A run's input as LangGraph chat clients send it. */
export const human = (text) => ({ messages: [{ type: "human", content: text }] });

/** What the offline model answers the first message of a session (see the README's "The offline model"). */
export const echo = (text, n = 1) => `Offline model reply (message ${n} of this session). You said: "${text}".`;

/** A message that makes the offline model call the calculator, and its final answer (the expression and result). */
export const CALC = "/tool calculator {\"expression\": \"6*7\"}";
export const CALC_ANSWER = "6*7 = 42";

/** Asserts an ISO-8601 timestamp. */
export function assertTimestamp(value, what) {
  assert.equal(typeof value, "string", `${what} is a string`);
  assert.ok(!Number.isNaN(Date.parse(value)), `${what} is a timestamp: ${value}`);
}

/** All the parts of an SDK stream. */
export async function collect(stream) {
  const parts = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** Awaits a promise that must reject with an SDK HTTPError of this status. */
export async function assertStatus(promise, status) {
  await assert.rejects(promise, (error) => {
    assert.equal(error?.status, status, `expected HTTP ${status}, got ${error?.status}: ${error?.message}`);
    return true;
  });
}

/** The text of a LangChain message's content (a string, or a list of parts). */
export function text(message) {
  const content = message?.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === "string" ? p : p.text ?? "")).join("");
  return "";
}

/**
 * The gate tool: a message `/tool gate {"key": k}` makes the run call it, and the call returns only when the
 * test releases k, so the thread stays busy exactly as long as a test needs.
 */
export const gate = {
  message(key) {
    return `/tool gate {"key": "${key}"}`;
  },
  /** Resolves once a run is waiting at gate `key`. */
  async arrived(key) {
    const response = await fetch(`${required("GATE_URL")}/arrived/${key}`);
    assert.equal(response.status, 200, `no run came to gate ${key}`);
  },
  async release(key) {
    const response = await fetch(`${required("GATE_URL")}/release/${key}`, { method: "POST" });
    assert.equal(response.status, 200);
  },
  /** A webhook URL of the test's endpoint, and the body posted to it (waits up to 30 s for it). */
  webhookUrl(key) {
    return `${required("GATE_URL")}/webhook/${key}`;
  },
  async webhook(key) {
    const response = await fetch(`${required("GATE_URL")}/hook/${key}`);
    assert.equal(response.status, 200, `no webhook came for ${key}`);
    return JSON.parse(await response.text());
  },
  /** The tool result the offline model reports once the gate opened. */
  answer(key) {
    return `gate returned: gate ${key} opened`;
  },
};

/** Every test's own time limit, so that one that hangs fails alone instead of its whole file. */
export const LIMIT = { timeout: 30000 };

/** The next part of an SDK stream, failing when none comes within `ms`. */
export async function nextWithin(iterator, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing came within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([iterator.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `read` until `done(value)` holds (up to `ms`), returning the value; fails with the last value. */
export async function eventually(read, done, ms = 20000, what = "condition") {
  const until = Date.now() + ms;
  let value;
  while (Date.now() < until) {
    value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what} did not hold within ${ms} ms; last value: ${JSON.stringify(value)}`);
}
