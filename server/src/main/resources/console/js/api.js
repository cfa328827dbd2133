// The API as the console calls it: the key from sessionStorage in the X-Api-Key header, JSON in and out,
// problem+json turned into an Error carrying its detail. Nothing here stores the key anywhere else.

const KEY = 'agentry.console.key';
const USER = 'agentry.console.user';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  setKey: (key) => sessionStorage.setItem(KEY, key),
  user: () => sessionStorage.getItem(USER) || '',
  setUser: (user) => user ? sessionStorage.setItem(USER, user) : sessionStorage.removeItem(USER),
  clear: () => { sessionStorage.removeItem(KEY); sessionStorage.removeItem(USER); },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra) {
  return Object.assign({ 'X-Api-Key': session.key() || '' }, extra || {});
}

/** A path with its query: undefined, null and '' values are left out. */
export function path(base, query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, value);
  }
  const q = params.toString();
  return q ? `${base}?${q}` : base;
}

async function answer(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent('console:unauthorized'));
    throw new ApiError(response.status, typeof body === 'object' ? body : null);
  }
  return body;
}

export async function get(url) {
  return answer(await fetch(url, { headers: headers({ Accept: 'application/json' }) }));
}

export async function getText(url) {
  return answer(await fetch(url, { headers: headers({ Accept: 'text/plain' }) }));
}

export async function send(method, url, body) {
  const init = { method, headers: headers({ Accept: 'application/json' }) };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return answer(await fetch(url, init));
}

/**
 * Who the key is, from GET /usage (which every key may read): an admin key sees every user (user_id null), a key
 * bound to a user sees that user's (user_id its user), a service key must name a user (422).
 */
export async function whoAmI() {
  try {
    const usage = await get(path('/usage', { group_by: 'user' }));
    return usage.user_id === null ? { kind: 'admin' } : { kind: 'user', user: usage.user_id };
  } catch (e) {
    if (e.status === 422) return { kind: 'service' };
    throw e;
  }
}

/**
 * Follows a server-sent event stream (GET /tasks/{id}/events, GET /runs/{id}/events) with fetch, since EventSource
 * cannot send the key header. Calls onEvent({id, event, data}) for each event (data parsed as JSON) and resumes
 * with Last-Event-ID when the connection drops, until the stream ends with a terminal event or stop() is called.
 */
export function follow(url, onEvent, onState) {
  const controller = new AbortController();
  let lastId = null;
  let done = false;
  const terminal = new Set(['run.completed', 'run.failed', 'run.cancelled']);
  (async () => {
    let failures = 0;
    while (!done) {
      try {
        onState && onState('live');
        const h = headers({ Accept: 'text/event-stream' });
        if (lastId !== null) h['Last-Event-ID'] = lastId;
        const response = await fetch(url, { headers: h, signal: controller.signal });
        if (!response.ok) {
          await answer(response);
          return;
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done: ended } = await reader.read();
          if (ended) break;
          buffer += value;
          let cut;
          while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
            const event = parse(block);
            if (!event) continue;
            if (event.id !== null) lastId = event.id;
            failures = 0;
            onEvent(event);
            if (terminal.has(event.event)) {
              done = true;
              onState && onState('ended');
              controller.abort();
              return;
            }
          }
        }
      } catch (e) {
        if (done || controller.signal.aborted) return;
        if (e instanceof ApiError) { onState && onState('error', e); return; }
      }
      failures++;
      onState && onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * failures, 5000)));
    }
  })();
  return { stop: () => { done = true; controller.abort(); } };
}

function parse(block) {
  let id = null; let event = 'message'; const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  let parsed;
  try { parsed = JSON.parse(data.join('\n')); } catch { parsed = data.join('\n'); }
  return { id, event, data: parsed };
}
