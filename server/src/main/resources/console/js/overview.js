// Overview: the last 24 hours by hour (runs, failures, p50/p95 latency, from GET /usage?group_by=hour), tokens and
// USD today and this month (GET /usage), and the queue and worker slots (the gauges of GET /metrics). Refreshed
// every 5 seconds while shown.
import { get, getText, path } from './api.js';
import { h, fill, fmt, stat, errorBox } from './dom.js';
import { timeChart } from './charts.js';

const REFRESH_MS = 5000;

/** Hour buckets of the last 24 hours (UTC, as the ledger keys them: 2026-05-12T14), oldest first. */
function hours(now) {
  const start = new Date(now);
  start.setUTCMinutes(0, 0, 0);
  const list = [];
  for (let i = 23; i >= 0; i--) list.push(new Date(start.getTime() - i * 3600e3));
  return list;
}

/** The samples of one Prometheus metric (unlabelled or summed over labels); null when absent. */
export function metric(text, name) {
  let sum = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = line.match(/^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/);
    if (match && match[1] === name) sum = (sum || 0) + Number(match[3]);
  }
  return sum;
}

export async function render(root, ctx) {
  const body = h('div', { id: 'overview' });
  root.append(h('h1', {}, 'Overview', ctx.user ? ' — ' + ctx.user : ''), body);
  const user = ctx.who.kind === 'service' && !ctx.user ? null : ctx.user;
  async function refresh() {
    const now = new Date();
    const buckets = hours(now);
    const today = now.toISOString().slice(0, 10);
    try {
      if (ctx.who.kind === 'service' && !user) {
        fill(body, h('p', { class: 'muted' }, 'A service key sees one user at a time: name one in the user field.'));
        return;
      }
      const [hourly, day, month, metrics] = await Promise.all([
        get(path('/usage', { group_by: 'hour', from: buckets[0].toISOString(), to: new Date(buckets[23].getTime() + 3600e3).toISOString(), user_id: user })),
        get(path('/usage', { from: today, user_id: user })),
        get(path('/usage', { user_id: user })),
        getText('/metrics').catch(() => ''),
      ]);
      const byKey = new Map(hourly.groups.map((g) => [g.key, g]));
      const lines = buckets.map((b) => byKey.get(b.toISOString().slice(0, 13)) || null);
      const current = lines[23];
      const busy = metric(metrics, 'agent_worker_slots_busy');
      const capacity = metric(metrics, 'agent_worker_slots_capacity');
      const x = buckets.map((b) => b.getTime() / 1000);
      fill(body, 
        h('div', { class: 'grid' },
          stat('Runs, last 24 h', fmt.int(hourly.total.runs), `${fmt.int(hourly.total.failed_runs)} failed`, 'runs-24h'),
          stat('Runs this hour', fmt.int(current ? current.runs : 0), `${fmt.int(current ? current.failed_runs : 0)} failed`, 'runs-hour'),
          stat('Latency this hour', current ? `${fmt.ms(current.latency_p50_ms)}` : '—',
            current ? `p50; p95 ${fmt.ms(current.latency_p95_ms)}` : 'no runs this hour', 'latency'),
          stat('Today', fmt.usd(day.total.cost_usd), `${fmt.int(day.total.total_tokens)} tokens, ${fmt.int(day.total.runs)} runs`, 'today'),
          stat('This month', fmt.usd(month.total.cost_usd), `${fmt.int(month.total.total_tokens)} tokens, ${fmt.int(month.total.runs)} runs`, 'month'),
          stat('Queue', fmt.int(metric(metrics, 'agent_queue_depth')),
            `queued; ${fmt.int(metric(metrics, 'agent_queue_running'))} running; oldest ${fmt.age(metric(metrics, 'agent_queue_oldest_age_seconds'))}`, 'queue'),
          stat('Worker slots busy', busy === null ? '—' : `${fmt.int(busy)} / ${fmt.int(capacity)}`,
            busy === null ? 'no worker in this process' : 'in this process', 'slots')),
        h('div', { class: 'charts' },
          timeChart('Runs and failures per hour', x, [
            { label: 'runs', values: lines.map((l) => l ? l.runs : 0), bars: true },
            { label: 'failed', values: lines.map((l) => l ? l.failed_runs : 0), bars: true }], { id: 'runs-per-hour' }),
          timeChart('Latency per hour', x, [
            { label: 'p50', values: lines.map((l) => l ? l.latency_p50_ms : null) },
            { label: 'p95', values: lines.map((l) => l ? l.latency_p95_ms : null) }], { id: 'latency-per-hour', unit: 'ms' })),
        h('p', { class: 'muted' }, `Updated ${now.toLocaleTimeString('en-GB')}. Queue and slot figures are read from the store every few seconds; `
          + 'the queue is every user\'s.'));
    } catch (e) {
      fill(body, errorBox(e));
    }
  }
  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => clearInterval(timer);
}
