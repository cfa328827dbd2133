// Memory: a user's items of one namespace (GET /memories/{namespace}, in key order, paged), full-text search
// (POST /memories/search) and delete.
import { get, send, path } from './api.js';
import { h, fill, fmt, table, errorBox } from './dom.js';

export async function render(root, ctx) {
  root.append(h('h1', {}, 'Memory'));
  if (ctx.who.kind !== 'user' && !ctx.user) {
    root.append(h('p', { class: 'muted' }, 'Memory is per user: name one in the user field above.'));
    return null;
  }
  const userId = ctx.who.kind === 'user' ? null : ctx.user;
  const namespace = h('input', { value: 'notes', 'data-field': 'namespace', size: 16 });
  const query = h('input', { type: 'search', placeholder: 'search words', 'data-field': 'query', size: 30 });
  const body = h('div', {});
  root.append(h('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); query.value.trim() ? search() : browse(); } },
    h('label', {}, 'namespace', namespace), h('label', {}, 'search', query), h('button', { type: 'submit' }, 'Show')), body);
  const columns = (reload) => [
    { label: 'namespace', cell: (m) => m.namespace },
    { label: 'key', cell: (m) => h('span', { class: 'mono' }, m.key) },
    { label: 'text', cell: (m) => m.text },
    { label: 'value', cell: (m) => h('code', {}, JSON.stringify(m.value).slice(0, 120)) },
    { label: 'updated', cell: (m) => fmt.time(m.updated_at) },
    { label: '', cell: (m) => h('button', { class: 'danger', 'data-delete-memory': m.key, onclick: async () => {
      await send('DELETE', path(`/memories/${encodeURIComponent(m.namespace)}/${encodeURIComponent(m.key)}`, { user_id: userId }));
      reload();
    } }, 'Delete') },
  ];
  async function browse(cursor) {
    try {
      const page = await get(path(`/memories/${encodeURIComponent(namespace.value.trim())}`, { user_id: userId, limit: 50, cursor }));
      fill(body, table(columns(() => browse(cursor)), page.items, `No items in ${namespace.value}.`),
        page.next_cursor ? h('div', { class: 'pager' }, h('button', { class: 'secondary', onclick: () => browse(page.next_cursor) }, 'More')) : null);
    } catch (e) {
      fill(body, errorBox(e));
    }
  }
  async function search() {
    try {
      const found = await send('POST', '/memories/search', { query: query.value.trim(), namespace: namespace.value.trim() || undefined,
        user_id: userId || undefined, limit: 50 });
      fill(body, table(columns(search), found.results, 'Nothing matches.'));
    } catch (e) {
      fill(body, errorBox(e));
    }
  }
  await browse();
  return null;
}
