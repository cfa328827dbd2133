// A run's timeline from its events (GET /tasks/{id}/events, GET /runs/{id}/events): each model call (the usage
// event that follows it: tokens, cost so far), each tool call (arguments, then result or error and duration), the
// tokens of the answer as they stream, and the end. Live while the run goes on; the server replays what happened
// before the page was opened.
import { follow } from './api.js';
import { h, fmt } from './dom.js';

export function timeline(url) {
  const list = h('ol', { class: 'timeline', 'data-timeline': '' });
  const answer = h('div', { class: 'answer', 'data-answer': '' });
  const state = h('span', { class: 'muted', 'data-stream-state': '' }, 'connecting…');
  const tools = new Map();
  let attempt = 0;
  let tokens = 0;
  const element = h('div', {}, h('h2', {}, 'Timeline ', state), list, h('h2', {}, 'Answer'), answer);
  const item = (cls, kind, meta, ...details) => {
    const li = h('li', { class: cls, 'data-kind': kind }, h('span', { class: 'kind' }, kind), meta ? h('span', { class: 'meta' }, meta) : null, ...details);
    list.append(li);
    return li;
  };
  const stream = follow(url, ({ event, data }) => {
    switch (event) {
      case 'run.started':
        attempt++;
        answer.textContent = '';
        tokens = 0;
        item('', 'run started', `attempt ${attempt} · agent ${data.agent} · model ${data.model}`, h('div', { class: 'mono muted' }, 'run ' + data.run_id));
        break;
      case 'usage': {
        const c = data.call || {};
        item('model', `model call ${data.iteration}`, `${data.model} · ${fmt.int(c.input_tokens)} in · ${fmt.int(c.output_tokens)} out`
          + (c.cache_read_tokens ? ` · ${fmt.int(c.cache_read_tokens)} cached` : '') + ` · ${fmt.usd(data.cost_usd)} so far`);
        break;
      }
      case 'tool.started': {
        const li = item('tool', `tool ${data.tool}`, 'running…', h('pre', {}, 'arguments: ' + data.arguments));
        tools.set(data.call_id, li);
        break;
      }
      case 'tool.finished': {
        const li = tools.get(data.call_id) || item('tool', `tool ${data.tool}`, '');
        li.querySelector('.meta').textContent = data.error ? `error after ${fmt.ms(data.duration_ms)}` : `done in ${fmt.ms(data.duration_ms)}`;
        if (data.error) li.classList.add('bad');
        li.append(h('pre', {}, (data.error ? 'error: ' + data.error + '\n' : '') + 'result: ' + data.result));
        break;
      }
      case 'run.interrupted': {
        const calls = (data.pending_approval && data.pending_approval.calls) || [];
        item('tool', 'waiting for approval', calls.map((c) => c.tool).join(', '),
          h('pre', {}, calls.map((c) => `${c.tool} ${JSON.stringify(c.arguments)}`).join('\n')));
        element.dispatchEvent(new CustomEvent('run:interrupted', { detail: data }));
        break;
      }
      case 'token':
        tokens++;
        answer.textContent += data.text;
        break;
      case 'run.completed': case 'run.failed': case 'run.cancelled': {
        const bad = event !== 'run.completed';
        const u = data.usage || {};
        item(bad ? 'bad' : 'end', event.replace('run.', 'run '), [data.error, data.latency_ms !== undefined ? fmt.ms(data.latency_ms) : null,
          u.total_tokens !== undefined ? fmt.int(u.total_tokens) + ' tokens' : null, data.cost_usd !== undefined ? fmt.usd(data.cost_usd) : null]
          .filter((v) => v !== null && v !== undefined).join(' · '));
        if (data.content && !answer.textContent) answer.textContent = data.content;
        element.dispatchEvent(new CustomEvent('run:ended', { detail: { event, data } }));
        break;
      }
      default:
        break;
    }
  }, (s, e) => {
    state.className = s === 'live' ? 'live' : 'muted';
    state.textContent = s === 'live' ? 'live' : s === 'ended' ? 'ended' : s === 'error' ? (e && e.message) || 'unavailable' : s;
    state.dataset.streamState = s;
  });
  return { element, stop: stream.stop };
}
