// Schedules: GET /schedules (a user's), pause, resume and delete.
import { get, send, path } from './api.js';
import { h, fill, fmt, status, table, errorBox } from './dom.js';

export async function render(root, ctx) {
  root.append(h('h1', {}, 'Schedules'));
  if (ctx.who.kind !== 'user' && !ctx.user) {
    root.append(h('p', { class: 'muted' }, 'Schedules are listed per user: name one in the user field above.'));
    return null;
  }
  const body = h('div', {});
  root.append(body);
  const act = (id, action) => async () => {
    try {
      if (action === 'delete') {
        if (!confirm('Delete this schedule?')) return;
        await send('DELETE', `/schedules/${encodeURIComponent(id)}`);
      } else {
        await send('POST', `/schedules/${encodeURIComponent(id)}/${action}`);
      }
      await load(cursor);
    } catch (e) {
      body.prepend(errorBox(e));
    }
  };
  let cursor;
  async function load(at) {
    cursor = at;
    try {
      const page = await get(path('/schedules', { user_id: ctx.who.kind === 'user' ? null : ctx.user, limit: 50, cursor: at }));
      fill(body, table([
        { label: 'schedule', cell: (s) => h('span', { class: 'mono', 'data-schedule': s.schedule_id }, fmt.short(s.schedule_id)) },
        { label: 'cron', cell: (s) => h('span', { class: 'mono' }, s.cron + ' ' + s.time_zone) },
        { label: 'agent', cell: (s) => s.agent },
        { label: 'message', cell: (s) => s.message.slice(0, 80) },
        { label: 'status', cell: (s) => status(s.status) },
        { label: 'next run', cell: (s) => fmt.time(s.next_run_at) },
        { label: 'last run', cell: (s) => s.last_task_id ? h('a', { href: '#/tasks/' + encodeURIComponent(s.last_task_id) }, fmt.time(s.last_run_at)) : '—' },
        { label: '', cell: (s) => h('span', {},
          s.status === 'active' ? h('button', { class: 'secondary', 'data-pause': s.schedule_id, onclick: act(s.schedule_id, 'pause') }, 'Pause')
            : h('button', { class: 'secondary', 'data-resume': s.schedule_id, onclick: act(s.schedule_id, 'resume') }, 'Resume'), ' ',
          h('button', { class: 'danger', 'data-delete': s.schedule_id, onclick: act(s.schedule_id, 'delete') }, 'Delete')) },
      ], page.schedules, 'No schedules.'), page.next_cursor ? h('div', { class: 'pager' },
        h('button', { class: 'secondary', onclick: () => load(page.next_cursor) }, 'More')) : null);
    } catch (e) {
      fill(body, errorBox(e));
    }
  }
  await load(undefined);
  return null;
}
