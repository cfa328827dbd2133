// Tasks: GET /tasks by status (a user's: the key's own, or the one named in the user field), a task's page
// (GET /tasks/{id}: attempts, outcome, result) with its live timeline, and cancel (POST /tasks/{id}/cancel).
import { get, send, path } from './api.js';
import { h, fill, fmt, status, table, errorBox } from './dom.js';
import { timeline } from './timeline.js';

const STATUSES = ['', 'queued', 'running', 'completed', 'failed', 'cancelled'];

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
  return t.status === 'queued' || t.status === 'running';
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
        cancellable(t) ? h('p', {}, h('button', { class: 'danger', 'data-cancel': t.task_id, onclick: async () => {
          await send('POST', `/tasks/${encodeURIComponent(id)}/cancel`); load(); } }, 'Cancel task')) : null);
    } catch (e) {
      fill(facts, errorBox(e));
    }
  }
  await load();
  const live = timeline(`/tasks/${encodeURIComponent(id)}/events`);
  live.element.addEventListener('run:ended', load);
  root.append(h('div', { class: 'card' }, live.element));
  return live.stop;
}
