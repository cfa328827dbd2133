// Spend: USD and tokens by day, and by model, agent or user, from GET /usage over a date range; the user's spend
// budgets and how much of each is used, from GET /budgets.
import { get, path } from './api.js';
import { h, fill, fmt, table, errorBox } from './dom.js';
import { timeChart } from './charts.js';

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export async function render(root, ctx) {
  const now = new Date();
  const from = h('input', { type: 'date', value: isoDay(new Date(now.getTime() - 29 * 86400e3)), 'data-field': 'from' });
  const to = h('input', { type: 'date', value: isoDay(now), 'data-field': 'to' });
  const by = h('select', { 'data-field': 'group-by' }, ['model', 'agent'].concat(ctx.who.kind === 'admin' && !ctx.user ? ['user'] : [])
    .map((g) => h('option', { value: g }, g)));
  const body = h('div', {});
  root.append(h('h1', {}, 'Spend'), h('div', { class: 'toolbar' },
    h('label', {}, 'from', from), h('label', {}, 'to (inclusive)', to), h('label', {}, 'by', by),
    h('button', { type: 'button', onclick: () => load() }, 'Show')), body);
  const user = ctx.who.kind === 'user' ? null : ctx.user;
  async function load() {
    if (ctx.who.kind === 'service' && !user) {
      fill(body, h('p', { class: 'muted' }, 'A service key sees one user at a time: name one in the user field.'));
      return;
    }
    try {
      const end = isoDay(new Date(new Date(to.value + 'T00:00:00Z').getTime() + 86400e3));
      const [days, groups, budgets] = await Promise.all([
        get(path('/usage', { group_by: 'day', from: from.value, to: end, user_id: user })),
        get(path('/usage', { group_by: by.value, from: from.value, to: end, user_id: user })),
        ctx.who.kind === 'admin' && !ctx.user ? Promise.resolve(null) : get(path('/budgets', { user_id: user })).catch((e) => e),
      ]);
      const byDay = new Map(days.groups.map((g) => [g.key, g]));
      const x = []; const usd = []; const tokens = [];
      for (let t = new Date(from.value + 'T00:00:00Z').getTime(); t < new Date(end + 'T00:00:00Z').getTime(); t += 86400e3) {
        const line = byDay.get(isoDay(new Date(t)));
        x.push(t / 1000);
        usd.push(line ? Number(line.cost_usd) : 0);
        tokens.push(line ? line.total_tokens : 0);
      }
      const max = Math.max(...groups.groups.map((g) => Number(g.cost_usd)), 0);
      fill(body, 
        h('div', { class: 'grid' },
          h('div', { class: 'stat', 'data-stat': 'spend-total' }, h('div', { class: 'label' }, 'USD in range'), h('div', { class: 'value' }, fmt.usd(days.total.cost_usd)),
            h('div', { class: 'sub' }, `${fmt.int(days.total.runs)} runs${days.total.unpriced_runs ? `, ${days.total.unpriced_runs} unpriced` : ''}`)),
          h('div', { class: 'stat', 'data-stat': 'tokens-total' }, h('div', { class: 'label' }, 'Tokens in range'), h('div', { class: 'value' }, fmt.int(days.total.total_tokens)),
            h('div', { class: 'sub' }, `${fmt.int(days.total.input_tokens)} in · ${fmt.int(days.total.output_tokens)} out · ${fmt.int(days.total.cache_read_tokens)} cached`))),
        h('div', { class: 'charts' },
          timeChart('USD per day', x, [{ label: 'USD', values: usd, bars: true }], { id: 'usd-per-day', unit: 'USD' }),
          timeChart('Tokens per day', x, [{ label: 'tokens', values: tokens, bars: true }], { id: 'tokens-per-day' })),
        h('div', { class: 'card', 'data-breakdown': by.value }, h('h2', {}, 'By ' + by.value), table([
          { label: by.value, cell: (g) => g.key === null ? '(none)' : g.key },
          { label: 'runs', num: true, cell: (g) => fmt.int(g.runs) },
          { label: 'failed', num: true, cell: (g) => fmt.int(g.failed_runs) },
          { label: 'tokens', num: true, cell: (g) => fmt.int(g.total_tokens) },
          { label: 'USD', num: true, cell: (g) => fmt.usd(g.cost_usd) },
          { label: 'share', cell: (g) => share(max === 0 ? 0 : Number(g.cost_usd) / max) },
          { label: 'p50 / p95', num: true, cell: (g) => `${fmt.ms(g.latency_p50_ms)} / ${fmt.ms(g.latency_p95_ms)}` },
        ], groups.groups, 'No runs in this range.')),
        budgetsCard(budgets));
    } catch (e) {
      fill(body, errorBox(e));
    }
  }
  by.addEventListener('change', load);
  await load();
  return null;
}

function share(fraction, over) {
  const fill = h('span', { class: over ? 'over' : null });
  fill.style.width = Math.min(100, Math.round(fraction * 100)) + '%';
  return h('div', { class: 'bar' }, fill);
}

function budgetsCard(budgets) {
  const card = h('div', { class: 'card', 'data-budgets': '' }, h('h2', {}, 'Budgets'));
  if (budgets === null) {
    card.append(h('p', { class: 'muted' }, 'Budgets are per user: name one in the user field.'));
    return card;
  }
  if (budgets instanceof Error) {
    card.append(errorBox(budgets));
    return card;
  }
  if (budgets.budgets.length === 0) {
    card.append(h('p', { class: 'muted' }, `No spend budget applies to ${budgets.user_id} (agentry.budgets.*).`));
    return card;
  }
  card.append(table([
    { label: 'budget', cell: (b) => `${b.scope} ${b.scope === 'key' ? b.key_name : budgets.user_id}, per ${b.period}` },
    { label: 'spent', num: true, cell: (b) => fmt.usd(b.spent_usd) },
    { label: 'of', num: true, cell: (b) => fmt.usd(b.budget_usd) },
    { label: 'used', cell: (b) => share(Number(b.budget_usd) === 0 ? 1 : Number(b.spent_usd) / Number(b.budget_usd), Number(b.spent_usd) >= Number(b.budget_usd)) },
    { label: 'resets', cell: (b) => fmt.time(b.resets_at) },
  ], budgets.budgets));
  return card;
}
