// Elements built with text nodes only (never innerHTML with data), so nothing the API returns can become markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of el (null, undefined and false children are left out). */
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export const fmt = {
  usd: (v) => v === null || v === undefined ? '—' : '$' + Number(v).toFixed(Number(v) < 0.01 ? 6 : 2),
  int: (v) => v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US'),
  ms: (v) => v === null || v === undefined ? '—' : v >= 1000 ? (v / 1000).toFixed(2) + ' s' : v + ' ms',
  time: (v) => v ? new Date(v).toLocaleString('en-GB', { hour12: false }) : '—',
  age: (seconds) => seconds === null || seconds === undefined ? '—'
    : seconds < 60 ? Math.round(seconds) + ' s' : seconds < 3600 ? Math.round(seconds / 60) + ' min' : (seconds / 3600).toFixed(1) + ' h',
  short: (id) => id ? String(id).slice(0, 8) + '…' : '—',
};

export function status(value) {
  return h('span', { class: 'status ' + value, 'data-status': value }, value);
}

export function stat(label, value, sub, testId) {
  return h('div', { class: 'stat', 'data-stat': testId }, h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, value), sub ? h('div', { class: 'sub' }, sub) : null);
}

export function errorBox(e) {
  return h('p', { class: 'error', role: 'alert' }, e && e.message ? e.message : String(e));
}

/** A table: columns [{label, num?, cell(row) -> node or text}], rows. */
export function table(columns, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'muted' }, empty || 'Nothing yet.');
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.num ? 'num' : null }, c.label)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.cell(row)))))));
}
