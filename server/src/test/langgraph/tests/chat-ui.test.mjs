// One real chat UI: assistant-ui's LangGraph adapter (@assistant-ui/react-langgraph) built into a page
// (chat-ui/, built by LangGraphSdkIT with vite) and driven in headless Chromium (Debian's /usr/bin/chromium,
// through playwright-core). The page is served from an origin of its own, as a deployed chat UI would be, and
// calls Agentry cross-origin (LangGraphSdkIT allows that origin with agentry.cors.allowed-origins).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { alice, API_URL, CALC, CALC_ANSWER, echo, HELPER, text, LIMIT } from "./lib.mjs";

const DIST = fileURLToPath(new URL("../chat-ui/dist/", import.meta.url));
const PAGE_PORT = Number(process.env.PAGE_PORT ?? 0);
const SCREENSHOT = process.env.SCREENSHOT;
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };

/** The built page, as any static host would serve it. */
function staticServer() {
  return createServer(async (request, response) => {
    const path = new URL(request.url, "http://page").pathname;
    const file = normalize(join(DIST, path === "/" ? "index.html" : path));
    if (!file.startsWith(DIST)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
}

describe("assistant-ui's LangGraph chat in Chromium", () => {
  let server;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    server = staticServer();
    await new Promise((resolve) => server.listen(PAGE_PORT, "127.0.0.1", resolve));
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 900, height: 760 } });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => { if (message.type() === "error") problems.push(`console: ${message.text()}`); });
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`));
    const origin = `http://127.0.0.1:${server.address().port}`;
    const query = new URLSearchParams({ api: API_URL, key: process.env.ALICE_KEY, assistant: HELPER });
    await page.goto(`${origin}/index.html?${query}`);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  /** Waits until the locator is shown, failing with what the page reported (errors, failed requests) if it is not. */
  async function shown(locator, timeout = 20000) {
    try {
      await locator.waitFor({ timeout });
    } catch (error) {
      if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-failure.png") });
      throw new Error(`${error.message}\npage problems: ${JSON.stringify(problems)}`);
    }
  }

  /** Types a message into the composer and sends it with Enter, as a person would. */
  async function send(message) {
    const input = page.locator(".composer .input");
    await input.click();
    await input.fill(message);
    await input.press("Enter");
  }

  test("a typed message gets the streamed answer, shown as it streams", LIMIT, async () => {
    // record every text the last assistant message shows, to see the answer grow
    await page.evaluate(() => {
      window.__seen = [];
      new MutationObserver(() => {
        const last = [...document.querySelectorAll(".message.assistant")].at(-1);
        if (last) window.__seen.push(last.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const message = "hello from a browser, please answer with a few words more than usual";
    await send(message);
    await shown(page.locator(".message.user", { hasText: message }));
    const answer = echo(message);
    await shown(page.locator(".message.assistant", { hasText: answer }));
    const seen = await page.evaluate(() => window.__seen);
    const partial = seen.filter((t) => t.length > 0 && t.length < answer.length && answer.startsWith(t));
    assert.ok(partial.length > 0, `the answer was shown before it was complete: ${JSON.stringify(seen.slice(0, 5))}`);
    assert.deepEqual(problems, []);
  });

  test("a tool call is shown with its arguments and result, then the answer; the thread holds the same", LIMIT, async () => {
    await send(CALC);
    const call = page.locator(".tool-call[data-tool=calculator]");
    await shown(call);
    assert.deepEqual(JSON.parse(await call.locator(".tool-args").textContent()), { expression: "6*7" });
    await shown(call.locator(".tool-result", { hasText: "42" }));
    await shown(page.locator(".message.assistant", { hasText: CALC_ANSWER }));

    const threadId = await page.evaluate(() => window.__threadId);
    const state = await alice.threads.getState(threadId);
    assert.deepEqual(state.values.messages.map((m) => m.type), ["human", "ai", "human", "ai", "tool", "ai"]);
    assert.equal(text(state.values.messages.at(-1)), CALC_ANSWER);
    assert.deepEqual(problems, []);
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
  });
});
