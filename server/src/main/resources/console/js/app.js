// The console's shell: sign-in, navigation (hash routes: #/tasks/<id>, never a key in an address), the user filter.
import { session, whoAmI, get, path } from './api.js';
import { h, clear, errorBox } from './dom.js';
import * as overview from './overview.js';
import * as runs from './runs.js';
import * as tasks from './tasks.js';
import * as spend from './spend.js';
import * as schedules from './schedules.js';
import * as memory from './memory.js';

const pages = { overview, runs, tasks, spend, schedules, memory };
const $ = (id) => document.getElementById(id);
let who = null;
let cleanup = null;
let generation = 0;

async function signIn(key) {
  session.setKey(key);
  try {
    who = await whoAmI();
  } catch (e) {
    session.clear();
    who = null;
    throw e;
  }
}

function signOut() {
  session.clear();
  who = null;
  show();
}

function identityText() {
  if (who.kind === 'admin') return 'admin key: every user';
  if (who.kind === 'user') return 'user ' + who.user;
  return 'service key';
}

async function knownUsers() {
  if (who.kind !== 'admin') return;
  try {
    const usage = await get(path('/usage', { group_by: 'user', from: new Date(Date.now() - 90 * 86400e3).toISOString() }));
    const list = clear($('known-users'));
    for (const line of usage.groups) if (line.key) list.append(h('option', { value: line.key }));
  } catch { /* only a convenience */ }
}

async function route() {
  if (cleanup) { cleanup(); cleanup = null; }
  const current = ++generation;
  const root = h('div', {});
  clear($('page')).append(root);
  const [name, ...params] = (location.hash.replace(/^#\/?/, '').split('?')[0] || 'overview').split('/');
  const page = pages[name] || overview;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === (pages[name] ? name : 'overview'));
  const ctx = { who, user: who.kind === 'user' ? who.user : session.user(), params: params.map(decodeURIComponent) };
  let stop = null;
  try {
    stop = (await page.render(root, ctx)) || null;
  } catch (e) {
    root.append(errorBox(e));
  }
  if (current === generation) {
    cleanup = stop;
  } else if (stop) {
    stop(); // another route began while this page was loading: its timers and streams end here
  }
}

function show() {
  const signedIn = who !== null;
  $('sign-in').hidden = signedIn;
  $('nav').hidden = !signedIn;
  $('who').hidden = !signedIn;
  if (!signedIn) {
    if (cleanup) { cleanup(); cleanup = null; }
    clear($('page'));
    $('key').focus();
    return;
  }
  $('identity').textContent = identityText();
  $('user-filter-label').hidden = who.kind === 'user';
  $('user-filter').value = session.user();
  $('user-filter').placeholder = who.kind === 'admin' ? 'every user' : 'user id';
  knownUsers();
  route();
}

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  try {
    await signIn($('key').value.trim());
    $('key').value = '';
    show();
  } catch (e) {
    $('sign-in-error').textContent = e.status === 401 ? 'This key is not valid.' : e.message;
  }
});
$('sign-out').addEventListener('click', signOut);
$('user-filter').addEventListener('change', () => {
  $('user-filter').blur(); // closes the list of known users, which would otherwise take the next click
  session.setUser($('user-filter').value.trim());
  route();
});
window.addEventListener('hashchange', () => { if (who) route(); });
window.addEventListener('console:unauthorized', signOut);

(async () => {
  if (session.key()) {
    try { await signIn(session.key()); } catch { /* back to the form */ }
  }
  show();
})();
