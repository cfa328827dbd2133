// Tasks: GET /tasks by status (a user's: the key's own, or the one named in the user field), a task's page
// (GET /tasks/{id}: attempts, outcome, result) with its live timeline, cancel (POST /tasks/{id}/cancel), and the
// decisions an interrupted task waits for (POST /tasks/{id}/resume).
import { get, send, path } from './api.js';
import { h, fill, fmt, status, table, errorBox } from './dom.js';
import { timeline } from './timeline.js';

const STATUSES = ['', 'queued', 'running', 'interrupted', 'completed', 'failed', 'cancelled'];

export async function render(root, ctx) {
  if (ctx.params[0]) return task(root, ctx, ctx.params[0]);
  const filter = new URLSearchParams(location.hash.split('?')[1] || '').get('status') || '';
  root.append(h('h1', {}, 'Tasks'));
  if (ctx.who.kind !== 'user' && !ctx.user) {
    root.append(h('p', { class: 'muted' }, 'Tasks are listed per user: name one in the user field above.'));
    return null;
  }
  root.append(h('div', { class: 'tabs' }, STATUSES.map((s) => h('a', { href: '#/tasks' + (s ? '?status=' + s : ''),
    class: s === filter ? 'active' : null, 'data-status-tab': s || 'all' }, s || 'all'))));
  const body = h('div', {});
  root.append(body);
  const pages = [undefined]; // the cursors of the pages seen, the first page's being none
  let shown = null;
  async function load(cursor) {
    try {
      const page = await get(path('/tasks', { user_id: ctx.who.kind === 'user' ? null : ctx.user, status: filter, limit: 20, cursor }));
      const json = JSON.stringify(page);
      if (pages.at(-1) === cursor && json === shown) return; // unchanged: the rows stay as they are
      if (pages.at(-1) !== cursor) pages.push(cursor);
      shown = json;
      fill(body, table([
        { label: 'created', cell: (t) => fmt.time(t.created_at) },
        { label: 'task', cell: (t) => h('a', { href: '#/tasks/' + encodeURIComponent(t.task_id), class: 'mono', 'data-task': t.task_id }, fmt.short(t.task_id)) },
        { label: 'agent', cell: (t) => t.agent },
        { label: 'status', cell: (t) => status(t.status) },
        { label: 'attempts', num: true, cell: (t) => t.attempts },
        { label: 'outcome', cell: (t) => t.error || (t.result ? (t.result.content || '').slice(0, 80) : '') },
        { label: 'cost', num: true, cell: (t) => t.result ? fmt.usd(t.result.cost_usd) : '—' },
        { label: '', cell: (t) => cancellable(t) ? h('button', { class: 'danger', 'data-cancel': t.task_id,
          onclick: async () => { await send('POST', `/tasks/${encodeURIComponent(t.task_id)}/cancel`); load(cursor); } }, 'Cancel') : null },
      ], page.tasks, 'No tasks.'), h('div', { class: 'pager' },
        pages.length > 1 ? h('button', { class: 'secondary', onclick: () => { pages.pop(); load(pages.at(-1)); } }, 'Newer') : null,
        page.next_cursor ? h('button', { class: 'secondary', onclick: () => load(page.next_cursor) }, 'Older') : null));
    } catch (e) {
      fill(body, errorBox(e));
    }
  }
  await load(undefined);
  const timer = setInterval(() => load(pages.at(-1)), 3000);
  return () => clearInterval(timer);
}

function cancellable(t) {
  return t.status === 'queued' || t.status === 'running' || t.status === 'interrupted';
}

/**
 * The calls an interrupted task waits on, each to approve (with the model's arguments, or edited ones) or reject
 * with a reason, sent together as POST /tasks/{id}/resume.
 */
function approvals(t, reload) {
  const rows = t.pending_approval.calls.map((call) => {
    const decision = h('select', { 'data-decision': call.call_id }, h('option', { value: 'approve' }, 'approve'), h('option', { value: 'reject' }, 'reject'));
    const args = h('textarea', { rows: 2, cols: 60, 'data-arguments': call.call_id });
    args.value = JSON.stringify(call.arguments);
    const reason = h('input', { placeholder: 'reason (for a rejection)', size: 30, 'data-reason': call.call_id });
    return { call, decision, args, reason, row: h('tr', {}, h('td', {}, h('span', { class: 'mono' }, call.tool)), h('td', {}, args),
      h('td', {}, decision), h('td', {}, reason)) };
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = async () => {
    error.textContent = '';
    try {
      const decisions = rows.map(({ call, decision, args, reason }) => decision.value === 'approve'
        ? Object.assign({ call_id: call.call_id, decision: 'approve' },
          args.value.trim() === JSON.stringify(call.arguments) ? {} : { arguments: JSON.parse(args.value) })
        : { call_id: call.call_id, decision: 'reject', reason: reason.value.trim() || 'rejected in the console' });
      await sendDecisions(t.task_id, decisions);
      reload();
    } catch (e) {
      error.textContent = e.message;
    }
  };
  return h('div', { class: 'card', 'data-approval': '' }, h('h2', {}, 'Waiting for approval'),
    h('p', { class: 'muted' }, `Decide every call by ${fmt.time(t.pending_approval.expires_at)}; until then the task holds no worker slot.`),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'tool'), h('th', {}, 'arguments'), h('th', {}, 'decision'), h('th', {}, ''))),
      h('tbody', {}, rows.map((r) => r.row))),
    h('p', {}, h('button', { 'data-resume-task': t.task_id, onclick: submit }, 'Send decisions')), error);
}

function sendDecisions(id, decisions) {
  return send('POST', `/tasks/${encodeURIComponent(id)}/resume`, { decisions });
}

async function task(root, ctx, id) {
  const facts = h('div', {});
  root.append(h('p', {}, h('a', { href: '#/tasks' }, '← Tasks')), h('h1', {}, 'Task ', h('span', { class: 'mono' }, id)),
    h('div', { class: 'card' }, facts));
  async function load() {
    try {
      const t = await get(`/tasks/${encodeURIComponent(id)}`);
      fill(facts, h('dl', { class: 'facts' },
        h('dt', {}, 'status'), h('dd', { 'data-task-status': t.status }, status(t.status)),
        h('dt', {}, 'attempts'), h('dd', {}, t.attempts),
        h('dt', {}, 'agent'), h('dd', {}, t.agent),
        h('dt', {}, 'session'), h('dd', { class: 'mono' }, t.session_id || '—'),
        t.schedule_id ? [h('dt', {}, 'schedule'), h('dd', { class: 'mono' }, t.schedule_id)] : null,
        h('dt', {}, 'created'), h('dd', {}, fmt.time(t.created_at)),
        h('dt', {}, 'started'), h('dd', {}, fmt.time(t.started_at)),
        h('dt', {}, 'finished'), h('dd', {}, fmt.time(t.finished_at)),
        t.error ? [h('dt', {}, 'error'), h('dd', { class: 'error' }, t.error)] : null,
        t.result ? [h('dt', {}, 'run'), h('dd', { class: 'mono' }, t.result.run_id || '—'),
          h('dt', {}, 'usage'), h('dd', {}, `${fmt.int(t.result.usage && t.result.usage.total_tokens)} tokens · ${fmt.usd(t.result.cost_usd)} · ${fmt.ms(t.result.latency_ms)}`)] : null),
        t.pending_approval ? approvals(t, load) : null,
        cancellable(t) ? h('p', {}, h('button', { class: 'danger', 'data-cancel': t.task_id, onclick: async () => {
          await send('POST', `/tasks/${encodeURIComponent(id)}/cancel`); load(); } }, 'Cancel task')) : null);
    } catch (e) {
      fill(facts, errorBox(e));
    }
  }
  await load();
  const live = timeline(`/tasks/${encodeURIComponent(id)}/events`);
  live.element.addEventListener('run:ended', load);
  live.element.addEventListener('run:interrupted', load);
  root.append(h('div', { class: 'card' }, live.element));
  return live.stop;
}
