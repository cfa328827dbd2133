// Drives Debian's Chromium through the console, against a running server (started by ConsoleBrowserIT):
// sign-in, a task streaming live with its timeline, cancel, the spend chart changing after runs, schedules and
// memory, and a user-bound key that cannot see another user's runs. Screenshots of each page go to SCREENSHOTS.
// Exits non-zero, with the reason, at the first failed check.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

const BASE = process.env.BASE_URL;
const SHOTS = process.env.SCREENSHOTS;
const ADMIN = 'admin-key';
const ALICE = 'alice-key';
const BOB = 'bob-key';
mkdirSync(SHOTS, { recursive: true });

async function api(method, path, key, body) {
  const response = await fetch(BASE + path, {
    method, headers: { 'X-Api-Key': key, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const step = (name) => console.log(`[console-test] ${new Date().toISOString()} ${name}`);
const long = (words) => Array.from({ length: words }, (_, i) => `word${i}`).join(' ');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const foreign = [];
  const problems = [];
  page.on('request', (r) => { if (!r.url().startsWith(BASE)) foreign.push(r.url()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('response', (r) => { if (r.status() === 401) console.log('[console-test] 401 from', r.url()); });
  // a refused request (401, 404) is logged by Chromium as "Failed to load resource": expected here, not a script error
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
  const shot = (name) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

  // runs of the last 24 hours as the API counts them (0 on a fresh server)
  const runs24h = async (key) => (await api('GET', `/usage?group_by=hour&from=${new Date(Date.now() - 23 * 3600e3).toISOString().slice(0, 13)}:00:00Z`, key)).total.runs;
  const adminBefore = await runs24h(ADMIN);
  const bobBefore = await runs24h(BOB);

  step('runs made before signing in');
  const made = [];
  for (const m of ['what is 17*23?', 'what is 2+2 and 3*3?', 'hello there']) {
    made.push((await api('POST', '/run', ALICE, { message: m })).run_id);
  }
  const bobsRun = (await api('POST', '/run', BOB, { message: 'what is 6*7?' })).run_id;
  await api('PUT', '/memories/notes/colour?user_id=alice', ADMIN, { value: { favourite: 'teal' }, text: 'favourite colour teal' });
  await api('PUT', '/memories/notes/pet', ALICE, { value: 'a cat called Miso', text: 'my pet is a cat called Miso' });
  const schedule = await api('POST', '/schedules', ALICE, { cron: '0 0 9 * * MON-FRI', time_zone: 'Europe/Paris', message: 'Summarise yesterday' });

  step('sign in');
  const home = await page.goto(BASE + '/console');
  assert.equal(home.status(), 200);
  assert.match(home.headers()['content-security-policy'] || '', /script-src 'self'/);
  await page.waitForSelector('#sign-in:not([hidden])');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  await page.fill('#key', 'not-a-key');
  await page.click('#sign-in button');
  await page.waitForFunction(() => document.querySelector('#sign-in-error').textContent.includes('not valid'));
  await shot('sign-in');
  await page.fill('#key', ADMIN);
  await page.click('#sign-in button');
  await page.waitForSelector('#identity:has-text("admin key")');
  assert.ok(!page.url().includes(ADMIN), 'the key is never in the address');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('agentry.console.key')), ADMIN);

  step('overview');
  await page.waitForSelector('[data-stat="runs-24h"] .value');
  await page.waitForFunction((n) => document.querySelector('[data-stat="runs-24h"] .value').textContent === String(n), adminBefore + 4);
  await page.waitForSelector('[data-chart="runs-per-hour"] canvas');
  await shot('overview');

  step('runs: the ones just made, and the model and tool calls of one');
  await page.click('#nav a[data-page="runs"]');
  for (const id of made.concat([bobsRun])) await page.waitForSelector(`[data-run="${id}"]`);
  await shot('runs');
  await page.click(`[data-run="${made[0]}"]`);
  await page.waitForSelector('[data-steps]');
  assert.deepEqual(await page.$$eval('[data-step]', (steps) => steps.map((s) => s.dataset.step)), ['model_call', 'tool_call', 'model_call']);
  assert.match(await page.textContent('[data-tool="calculator"]'), /arguments: \{"expression":"17\*23"\}\s+result: 391/);
  assert.match(await page.textContent('[data-step="model_call"]'), /tool_execution/);
  await shot('run');

  step('a streamed run followed live on its page until it is recorded');
  const stream = await fetch(BASE + '/run', { method: 'POST', headers: { 'X-Api-Key': ALICE, 'Content-Type': 'application/json',
    Accept: 'text/event-stream' }, body: JSON.stringify({ message: 'please repeat ' + long(40), stream: true, on_disconnect: 'continue' }) });
  const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
  let head = '';
  while (!/event: run.started\ndata: .*\n/.test(head)) head += (await reader.read()).value;
  const streamedId = JSON.parse(head.match(/event: run.started\ndata: (.*)\n/)[1]).run_id;
  await reader.cancel(); // gone: the run goes on (on_disconnect: continue)
  await page.goto(BASE + `/console/#/runs/${streamedId}`);
  await page.waitForSelector('[data-run-missing]');
  await page.waitForFunction(() => document.querySelector('[data-answer]')?.textContent.length > 10);
  await page.waitForSelector('[data-steps]', { timeout: 30000 });
  assert.equal(await page.getAttribute('[data-run-status]', 'data-run-status'), 'completed');

  step('a task streams live and its timeline fills');
  await page.fill('#user-filter', 'alice');
  await page.dispatchEvent('#user-filter', 'change');
  await page.goto(BASE + '/console/#/tasks');
  const live = await api('POST', '/tasks', ALICE, { message: 'please repeat ' + long(40) });
  await page.waitForSelector(`[data-task="${live.task_id}"]`, { timeout: 10000 });
  await page.click(`[data-task="${live.task_id}"]`);
  await page.waitForSelector('[data-stream-state="live"]');
  await page.waitForFunction(() => document.querySelector('[data-answer]').textContent.length > 20);
  const early = await page.evaluate(() => document.querySelector('[data-answer]').textContent.length);
  await page.waitForFunction((n) => document.querySelector('[data-answer]').textContent.length > n + 40, early);
  assert.equal(await page.locator('[data-kind="run completed"]').count(), 0, 'tokens arrived before the run ended');
  await shot('task-live');
  await page.waitForSelector('[data-kind="run completed"]', { timeout: 30000 });
  await page.waitForSelector('[data-task-status="completed"]');
  assert.ok(await page.locator('[data-kind="model call 1"]').count() === 1, 'the model call is on the timeline');
  assert.equal(await page.textContent('[data-answer]'), (await api('GET', `/tasks/${live.task_id}`, ALICE)).result.content,
    'the streamed tokens make the whole answer');

  step('a tool call on the timeline');
  const tool = await api('POST', '/tasks', ALICE, { message: 'what is 12*12?' });
  await page.goto(BASE + `/console/#/tasks/${tool.task_id}`);
  await page.waitForSelector('[data-kind="run completed"]', { timeout: 20000 });
  assert.match(await page.textContent('[data-kind="tool calculator"]'), /arguments: \{"expression":"12\*12"\}[\s\S]*result: 144/);
  await shot('task-timeline');

  step('cancel a task');
  const doomed = await api('POST', '/tasks', ALICE, { message: 'please repeat ' + long(40) });
  await page.goto(BASE + `/console/#/tasks/${doomed.task_id}`);
  await page.waitForSelector(`[data-cancel="${doomed.task_id}"]`);
  await page.click(`[data-cancel="${doomed.task_id}"]`);
  await page.waitForSelector('[data-task-status="cancelled"]', { timeout: 20000 });
  await page.waitForSelector('[data-kind="run cancelled"]', { timeout: 20000 });
  assert.equal((await api('GET', `/tasks/${doomed.task_id}`, ALICE)).status, 'cancelled');
  await page.goto(BASE + '/console/#/tasks');
  await page.waitForSelector(`[data-task="${doomed.task_id}"]`);
  await shot('tasks');
  await page.click('#nav a[data-page="runs"]');
  await page.selectOption('[data-filter="mode"]', 'task');
  await page.selectOption('[data-filter="outcome"]', 'cancelled');
  await page.click('form.toolbar button');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-status]')].length > 0
    && [...document.querySelectorAll('[data-status]')].every((s) => s.dataset.status === 'cancelled'));

  step('approve an interrupted task');
  const careful = await api('POST', '/tasks', ALICE, { message: 'what is 3*4?', agent: 'careful' });
  await page.goto(BASE + `/console/#/tasks/${careful.task_id}`);
  await page.waitForSelector('[data-approval]', { timeout: 20000 });
  await page.waitForSelector('[data-kind="waiting for approval"]');
  assert.equal(await page.inputValue('[data-arguments]'), '{"expression":"3*4"}');
  await shot('task-approval');
  await page.fill('[data-arguments]', '{"expression":"3*5"}');
  await page.click(`[data-resume-task="${careful.task_id}"]`);
  await page.waitForSelector('[data-task-status="completed"]', { timeout: 20000 });
  assert.match((await api('GET', `/tasks/${careful.task_id}`, ALICE)).result.content, /15/, 'the call ran with the edited arguments');

  step('the spend chart changes after runs');
  await page.goto(BASE + '/console/#/spend');
  await page.waitForSelector('[data-chart="usd-per-day"] canvas');
  const spent = () => page.evaluate(() => {
    const plot = document.querySelector('[data-chart="usd-per-day"]').plot;
    return plot.data[1].reduce((a, b) => a + b, 0);
  });
  const before = await spent();
  const runsBefore = await page.textContent('[data-stat="spend-total"] .sub');
  assert.ok(before > 0, 'spend so far is charted');
  for (const m of ['what is 9*9?', 'what is 8*8?']) await api('POST', '/run', ALICE, { message: m });
  await page.click('button:has-text("Show")');
  await page.waitForFunction((b) => {
    const box = document.querySelector('[data-chart="usd-per-day"]');
    return box && box.plot && box.plot.data[1].reduce((x, y) => x + y, 0) > b;
  }, before);
  assert.notEqual(await page.textContent('[data-stat="spend-total"] .sub'), runsBefore);
  await page.waitForSelector('[data-budgets] table');
  await shot('spend');

  step('schedules: pause, resume, delete');
  await page.goto(BASE + '/console/#/schedules');
  await page.click(`[data-pause="${schedule.schedule_id}"]`);
  await page.waitForSelector(`[data-resume="${schedule.schedule_id}"]`);
  assert.equal((await api('GET', `/schedules/${schedule.schedule_id}`, ALICE)).status, 'paused');
  await page.click(`[data-resume="${schedule.schedule_id}"]`);
  await page.waitForSelector(`[data-pause="${schedule.schedule_id}"]`);
  await shot('schedules');
  page.once('dialog', (dialog) => dialog.accept());
  await page.click(`[data-delete="${schedule.schedule_id}"]`);
  await page.waitForSelector('text=No schedules.');
  const gone = await fetch(BASE + `/schedules/${schedule.schedule_id}`, { headers: { 'X-Api-Key': ALICE } });
  assert.equal(gone.status, 404);

  step('memory: browse and search');
  await page.goto(BASE + '/console/#/memory');
  await page.waitForSelector('text=favourite colour teal');
  await page.fill('[data-field="query"]', 'cat');
  await page.click('form.toolbar button');
  await page.waitForFunction(() => !document.body.innerText.includes('favourite colour teal'));
  await page.waitForSelector('text=my pet is a cat called Miso');
  await shot('memory');

  step('a user-bound key sees its own user only');
  await page.click('#sign-out');
  await page.waitForSelector('#sign-in:not([hidden])');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'signing out forgets the key');
  const bobs = await api('POST', '/tasks', BOB, { message: 'what is 5*5?' });
  await page.fill('#key', BOB);
  await page.click('#sign-in button');
  await page.waitForSelector('#identity:has-text("user bob")');
  assert.ok(await page.locator('#user-filter-label').isHidden(), 'a bound key has no user filter');
  await page.click('#nav a[data-page="overview"]');
  await page.waitForFunction((n) => document.querySelector('[data-stat="runs-24h"] .value')?.textContent === String(n), bobBefore + 2);
  await page.goto(BASE + '/console/#/tasks');
  await page.waitForSelector(`[data-task="${bobs.task_id}"]`);
  assert.equal(await page.locator(`[data-task="${live.task_id}"]`).count(), 0, "alice's task is not listed for bob");
  await page.goto(BASE + `/console/#/tasks/${live.task_id}`);
  await page.waitForSelector(`text=No task ${live.task_id}`);
  await page.waitForSelector('[data-stream-state="error"]');
  await page.click('#nav a[data-page="runs"]');
  await page.waitForSelector(`[data-run="${bobsRun}"]`);
  for (const id of made) assert.equal(await page.locator(`[data-run="${id}"]`).count(), 0, "alice's runs are not listed for bob");
  await page.goto(BASE + `/console/#/runs/${made[0]}`);
  await page.waitForSelector('[data-run-missing]');
  await page.waitForSelector('[data-stream-state="error"]');
  assert.equal(await page.locator('[data-steps]').count(), 0, "bob sees none of alice's run");

  assert.deepEqual(foreign, [], 'the console loads nothing from another origin');
  assert.deepEqual(problems, [], 'no script errors');
  step('done');
} catch (e) {
  // what the page showed, for the test's report
  for (const p of browser.contexts().flatMap((c) => c.pages())) {
    console.error('page at failure:', p.url(), '\n', await p.evaluate(() => document.body.innerText).catch(() => '?'));
    await p.screenshot({ path: `${SHOTS}/failure.png`, fullPage: true }).catch(() => {});
  }
  throw e;
} finally {
  await browser.close();
}
