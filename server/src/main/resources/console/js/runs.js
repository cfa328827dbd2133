// Runs: GET /runs, paged, filtered by agent, model, mode, outcome and time range (and the user field), and a run's
// page: GET /runs/{id} with its model and tool calls in order. A run is recorded when it ends; a streamed run still
// going is followed live through GET /runs/{id}/events, a task's attempt through its task's page.
import { get, path } from './api.js';
import { h, fill, fmt, status, table, errorBox } from './dom.js';
import { timeline } from './timeline.js';

const FILTERS = ['agent', 'model', 'mode', 'outcome', 'from', 'to'];

export async function render(root, ctx) {
  if (ctx.params[0]) return run(root, ctx, ctx.params[0]);
  root.append(h('h1', {}, 'Runs'));
  if (ctx.who.kind === 'service' && !ctx.user) {
    root.append(h('p', { class: 'muted' }, 'A service key sees one user at a time: name one in the user field above.'));
    return null;
  }
  const fields = {
    agent: h('input', { 'data-filter': 'agent', size: 10 }),
    model: h('input', { 'data-filter': 'model', size: 12 }),
    mode: h('select', { 'data-filter': 'mode' }, ['', 'sync', 'stream', 'task'].map((m) => h('option', { value: m }, m || 'any'))),
    outcome: h('select', { 'data-filter': 'outcome' }, ['', 'completed', 'failed', 'cancelled'].map((m) => h('option', { value: m }, m || 'any'))),
    from: h('input', { type: 'datetime-local', 'data-filter': 'from' }),
    to: h('input', { type: 'datetime-local', 'data-filter': 'to' }),
  };
  const body = h('div', {});
  root.append(h('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); cursors.length = 1; shown = null; load(); } },
    FILTERS.map((f) => h('label', {}, f === 'from' || f === 'to' ? f + ' (local time)' : f, fields[f])),
    h('button', { type: 'submit' }, 'Filter')), body);
  const cursors = [undefined];
  let shown = null;
  const iso = (value) => value ? new Date(value).toISOString() : undefined;
  async function load() {
    try {
      const page = await get(path('/runs', { user_id: ctx.who.kind === 'user' ? null : ctx.user, agent: fields.agent.value.trim(),
        model: fields.model.value.trim(), mode: fields.mode.value, outcome: fields.outcome.value,
        from: iso(fields.from.value), to: iso(fields.to.value), limit: 25, cursor: cursors.at(-1) }));
      const json = JSON.stringify(page);
      if (json === shown) return; // unchanged: the rows stay as they are
      shown = json;
      fill(body, table([
        { label: 'started', cell: (r) => fmt.time(r.created_at) },
        { label: 'run', cell: (r) => h('a', { href: '#/runs/' + encodeURIComponent(r.run_id), class: 'mono', 'data-run': r.run_id }, fmt.short(r.run_id)) },
        ctx.who.kind === 'user' ? null : { label: 'user', cell: (r) => r.user_id },
        { label: 'agent', cell: (r) => r.agent },
        { label: 'model', cell: (r) => r.model },
        { label: 'mode', cell: (r) => r.task_id ? h('a', { href: '#/tasks/' + encodeURIComponent(r.task_id) }, r.mode) : r.mode },
        { label: 'outcome', cell: (r) => status(r.status) },
        { label: 'calls', num: true, cell: (r) => `${r.iterations} / ${r.tool_calls}` },
        { label: 'tokens', num: true, cell: (r) => fmt.int(r.usage.total_tokens) },
        { label: 'cost', num: true, cell: (r) => fmt.usd(r.cost_usd) },
        { label: 'latency', num: true, cell: (r) => fmt.ms(r.latency_ms) },
        { label: 'error', cell: (r) => r.error ? h('span', { class: 'error' }, r.error) : '' },
      ].filter(Boolean), page.runs, 'No runs match.'), h('div', { class: 'pager' },
        cursors.length > 1 ? h('button', { class: 'secondary', onclick: () => { cursors.pop(); load(); } }, 'Newer') : null,
        page.next_cursor ? h('button', { class: 'secondary', onclick: () => { cursors.push(page.next_cursor); load(); } }, 'Older') : null),
      h('p', { class: 'muted' }, 'A run is listed once it has ended; "calls" are model calls / tool calls. Runs in progress: see Tasks.'));
    } catch (e) {
      shown = null;
      fill(body, errorBox(e));
    }
  }
  await load();
  const timer = setInterval(load, 5000);
  return () => clearInterval(timer);
}

async function run(root, ctx, id) {
  const body = h('div', {});
  root.append(h('p', {}, h('a', { href: '#/runs' }, '← Runs')), h('h1', {}, 'Run ', h('span', { class: 'mono' }, id)), body);
  let live = null;
  async function load() {
    try {
      const detail = await get(`/runs/${encodeURIComponent(id)}`);
      fill(body, facts(detail.run), h('div', { class: 'card' }, h('h2', {}, 'Timeline'), steps(detail.steps)));
      return true;
    } catch (e) {
      if (e.status !== 404) { fill(body, errorBox(e)); return true; }
      return false;
    }
  }
  if (await load()) return null;
  // not recorded yet: a streamed run still going can be followed; anything else is not there for this key
  live = timeline(`/runs/${encodeURIComponent(id)}/events`);
  live.element.addEventListener('run:ended', () => setTimeout(load, 300));
  fill(body, h('p', { class: 'muted', 'data-run-missing': '' }, `No recorded run ${id} (yet): following its event stream, if it has one.`),
    h('div', { class: 'card' }, live.element));
  return () => live.stop();
}

function facts(r) {
  return h('div', { class: 'card' }, h('dl', { class: 'facts' },
    h('dt', {}, 'outcome'), h('dd', { 'data-run-status': r.status }, status(r.status), r.error ? h('span', { class: 'error' }, ' ' + r.error) : null),
    h('dt', {}, 'user'), h('dd', {}, r.user_id || '—'),
    h('dt', {}, 'agent / model'), h('dd', {}, `${r.agent} / ${r.model}`),
    h('dt', {}, 'mode'), h('dd', {}, r.mode),
    h('dt', {}, 'session'), h('dd', { class: 'mono' }, r.session_id || '—'),
    h('dt', {}, 'task'), h('dd', { class: 'mono' }, r.task_id ? h('a', { href: '#/tasks/' + encodeURIComponent(r.task_id) }, r.task_id) : '—'),
    r.schedule_id ? [h('dt', {}, 'schedule'), h('dd', { class: 'mono' }, r.schedule_id)] : null,
    h('dt', {}, 'started'), h('dd', {}, fmt.time(r.created_at)),
    h('dt', {}, 'latency'), h('dd', {}, fmt.ms(r.latency_ms)),
    h('dt', {}, 'usage'), h('dd', {}, `${fmt.int(r.usage.input_tokens)} in · ${fmt.int(r.usage.output_tokens)} out · `
      + `${fmt.int(r.usage.cache_read_tokens)} cache read · ${fmt.int(r.usage.cache_write_tokens)} cache write · ${fmt.usd(r.cost_usd)}`),
    h('dt', {}, 'calls'), h('dd', {}, `${r.iterations} model, ${r.tool_calls} tool`)));
}

function steps(list) {
  if (list.length === 0) return h('p', { class: 'muted' }, 'No steps: the journal keeps them for a limited time.');
  return h('ol', { class: 'timeline', 'data-steps': '' }, list.map((s) => s.type === 'model_call'
    ? h('li', { class: 'model', 'data-step': 'model_call' },
      h('span', { class: 'kind' }, `model call ${s.iteration}`),
      h('span', { class: 'meta' }, [s.model, s.finish_reason, `${fmt.int(s.usage && s.usage.input_tokens)} in · ${fmt.int(s.usage && s.usage.output_tokens)} out`,
        fmt.usd(s.cost_usd), fmt.ms(s.latency_ms), s.replayed ? 'replayed' : null].filter(Boolean).join(' · ')),
      s.tool_calls && s.tool_calls.length ? h('div', { class: 'muted' }, 'asked for: ' + s.tool_calls.join(', ')) : null,
      s.content ? h('pre', {}, s.content) : null)
    : h('li', { class: 'tool' + (s.error ? ' bad' : ''), 'data-step': 'tool_call', 'data-tool': s.tool },
      h('span', { class: 'kind' }, `tool ${s.tool}`),
      h('span', { class: 'meta' }, [s.status, s.duration_ms !== undefined ? fmt.ms(s.duration_ms) : null, s.replayed ? 'replayed' : null].filter(Boolean).join(' · ')),
      h('pre', {}, 'arguments: ' + s.arguments + (s.result !== undefined ? '\nresult: ' + s.result : '') + (s.error ? '\nerror: ' + s.error : '')))));
}
