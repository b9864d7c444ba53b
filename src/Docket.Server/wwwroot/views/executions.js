// Executions: newest first, filtered by status, agent and creation date on the server, paged by
// cursor (starting_after), with live status: Server-Sent Events for the newest unfinished rows
// and a cheap re-read of the page for the rest.
import { api, watchExecution, TERMINAL } from '../api.js';
import { h, clear, timeElement, formatDuration, executionDuration, statusBadge, announce, errorMessage, field } from '../dom.js';
import { agentNames } from './agent-names.js';
import { rerun, cancel } from './actions.js';
import { takeSubmitted } from './recent.js';

const PAGE_SIZE = 25;
// Browsers allow six HTTP/1.1 connections per server, and each open event stream holds one.
const MAX_STREAMS = 3;
// A streamed row holds each state at least this long, so a quick run is seen going through them.
const MIN_STATE_MS = 300;

export function executionsView(root, { query }) {
  const filters = {
    status: query.get('status') || '',
    name: query.get('name') || '',
    from: query.get('from') || '',
    to: query.get('to') || '',
  };
  const cursor = query.get('after') || '';
  const previous = (query.get('prev') || '').split(',').filter(Boolean);
  const rows = new Map();
  const streams = new Map();
  const paced = new Map();
  let executions = [];
  let refreshTimer = null;
  let tickTimer = null;
  let disposed = false;

  const statusSelect = h('select', { name: 'status' },
    ['', 'pending', 'running', 'completed', 'failed'].map((s) => h('option', { value: s, selected: s === filters.status }, s || 'any')));
  const nameInput = h('input', { name: 'name', list: 'agent-names', value: filters.name, placeholder: 'any agent', autocomplete: 'off' });
  const names = h('datalist', { id: 'agent-names' });
  const fromInput = h('input', { type: 'date', name: 'from', value: filters.from });
  const toInput = h('input', { type: 'date', name: 'to', value: filters.to });
  const form = h('form', {
    class: 'filters',
    role: 'search',
    'aria-label': 'Filter executions',
    onsubmit: (event) => {
      event.preventDefault();
      navigate({ status: statusSelect.value, name: nameInput.value.trim(), from: fromInput.value, to: toInput.value });
    },
  },
  field('Status', statusSelect),
  field('Agent', nameInput),
  names,
  field('Created from', fromInput),
  field('Created to', toInput),
  h('div', { class: 'filter-actions' },
    h('button', { type: 'submit', class: 'primary' }, 'Filter'),
    h('button', { type: 'button', onclick: () => navigate({}) }, 'Clear')));

  const tbody = h('tbody');
  const table = h('table', { class: 'executions responsive' },
    h('caption', { class: 'visually-hidden' }, 'Executions, newest first'),
    h('thead', {}, h('tr', {}, ['Execution', 'Agent', 'Status', 'Priority', 'Created', 'Started', 'Completed', 'Duration', 'Attempts', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody);
  const message = h('p', { class: 'muted', role: 'status' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  clear(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Executions'), h('a', { class: 'button', href: '#/files' }, 'Run an agent on a file')),
    form, message, h('div', { class: 'table-wrap' }, table), pager);

  agentNames().then((list) => clear(names, list.map((n) => h('option', { value: n })))).catch(() => {});

  function navigate(next, after, prev) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) params.set(k, v);
    if (after) params.set('after', after);
    if (prev?.length) params.set('prev', prev.join(','));
    const text = params.toString();
    location.hash = `#/executions${text ? `?${text}` : ''}`;
  }

  function listPath() {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (filters.status) params.set('status', filters.status);
    if (filters.name) params.set('name', filters.name);
    if (filters.from) params.set('created_after', new Date(`${filters.from}T00:00:00`).toISOString());
    if (filters.to) {
      const end = new Date(`${filters.to}T00:00:00`);
      end.setDate(end.getDate() + 1);
      params.set('created_before', end.toISOString());
    }
    if (cursor) params.set('starting_after', cursor);
    return `agent/executions?${params}`;
  }

  function cells(execution) {
    const link = h('a', { href: `#/executions/${encodeURIComponent(execution.id)}`, class: 'mono' }, execution.id);
    const actions = h('div', { class: 'row-actions' });
    if (!TERMINAL.has(execution.status)) {
      actions.append(h('button', { type: 'button', onclick: () => cancel(execution.id, update), 'aria-label': `Cancel ${execution.id}` }, 'Cancel'));
    }
    actions.append(h('button', { type: 'button', onclick: () => rerun(execution.id, () => load()), 'aria-label': `Re-run ${execution.id}` }, 'Re-run'));
    return [
      ['Execution', link],
      ['Agent', execution.name],
      ['Status', statusBadge(execution.status, execution.error)],
      ['Priority', execution.priority ?? '—'],
      ['Created', timeElement(execution.created_at)],
      ['Started', timeElement(execution.started_at)],
      ['Completed', timeElement(execution.completed_at)],
      ['Duration', h('span', { class: 'duration' }, formatDuration(executionDuration(execution)))],
      ['Attempts', `${execution.attempts ?? 0}${execution.max_attempts ? ` / ${execution.max_attempts}` : ''}`],
      ['Actions', actions],
    ].map(([label, content]) => h('td', { dataset: { label } }, content));
  }

  /** Re-draws one row in place (same element, so focus and position stay). */
  function update(execution) {
    const index = executions.findIndex((e) => e.id === execution.id);
    // A finished execution never changes again: a late or replayed event must not undo it.
    if (index >= 0 && TERMINAL.has(executions[index].status) && !TERMINAL.has(execution.status)) return;
    if (index >= 0) executions[index] = execution;
    const row = rows.get(execution.id);
    if (!row) return;
    const focused = row.contains(document.activeElement) ? document.activeElement.textContent : null;
    row.dataset.status = execution.status;
    row.classList.toggle('failed', execution.status === 'failed');
    row.replaceChildren(...cells(execution));
    if (focused) [...row.querySelectorAll('button, a')].find((b) => b.textContent === focused)?.focus();
    if (TERMINAL.has(execution.status)) streams.get(execution.id)?.abort();
  }

  function draw() {
    const seen = new Set();
    const ordered = executions.map((execution) => {
      seen.add(execution.id);
      let row = rows.get(execution.id);
      if (!row) {
        row = h('tr', { dataset: { id: execution.id } });
        rows.set(execution.id, row);
      }
      return row;
    });
    for (const [id, row] of rows) if (!seen.has(id)) { row.remove(); rows.delete(id); }
    ordered.forEach((row, i) => { if (tbody.children[i] !== row) tbody.insertBefore(row, tbody.children[i] || null); });
    executions.forEach(update);
    const filtered = Object.values(filters).some(Boolean);
    message.textContent = executions.length ? '' : filtered ? 'No executions match these filters.' : 'No executions yet. Upload a file and run an agent on it.';
    clear(pager,
      previous.length || cursor
        ? h('a', { class: 'button', href: pageHref(previous[previous.length - 1] === '-' ? '' : previous[previous.length - 1], previous.slice(0, -1)) }, '← Newer')
        : null,
      executions.length === PAGE_SIZE
        ? h('a', { class: 'button', href: pageHref(executions[executions.length - 1].id, [...previous, cursor || '-']) }, 'Older →')
        : null);
  }

  function pageHref(after, prev) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    if (after) params.set('after', after);
    if (prev.length) params.set('prev', prev.join(','));
    return `#/executions?${params}`;
  }

  /** Applies streamed states in order, each shown for at least MIN_STATE_MS. */
  function streamed(execution) {
    let pace = paced.get(execution.id);
    if (!pace) {
      pace = { queue: [], timer: null, shownAt: 0 };
      paced.set(execution.id, pace);
    }
    pace.queue.push(execution);
    const next = () => {
      pace.timer = null;
      if (disposed || !pace.queue.length) return;
      const wait = pace.shownAt + MIN_STATE_MS - performance.now();
      if (wait > 0) {
        pace.timer = setTimeout(next, wait);
        return;
      }
      update(pace.queue.shift());
      pace.shownAt = performance.now();
      if (pace.queue.length) pace.timer = setTimeout(next, MIN_STATE_MS);
    };
    if (!pace.timer) next();
  }

  /** Whether a stream is open for the row or its states are still being shown. */
  function following(id) {
    return streams.has(id) || Boolean(paced.get(id)?.queue.length);
  }

  function watchLive() {
    const unfinished = executions.filter((e) => !TERMINAL.has(e.status)).slice(0, MAX_STREAMS).map((e) => e.id);
    for (const [id, controller] of streams) if (!unfinished.includes(id)) { controller.abort(); streams.delete(id); }
    for (const id of unfinished) {
      if (following(id)) continue;
      const controller = new AbortController();
      streams.set(id, controller);
      watchExecution(id, streamed, controller.signal)
        .catch(() => { /* the page refresh and the connection monitor take over */ })
        .finally(() => { if (streams.get(id) === controller) streams.delete(id); });
    }
  }

  async function load() {
    clearTimeout(refreshTimer);
    try {
      const fresh = await api.get(listPath());
      if (disposed) return;
      // Rows followed by an event stream keep what the stream says: it is as new or newer.
      const shown = new Map(executions.map((e) => [e.id, e]));
      executions = fresh.map((e) => (following(e.id) && shown.has(e.id) ? shown.get(e.id) : e));
      draw();
      watchLive();
    } catch (error) {
      if (disposed) return;
      if (error.name !== 'NetworkError') {
        message.textContent = `The executions could not be listed: ${errorMessage(error)}`;
        announce(errorMessage(error), 'error');
      }
    }
    schedule();
  }

  function schedule() {
    if (disposed) return;
    clearTimeout(refreshTimer);
    const busy = executions.some((e) => !TERMINAL.has(e.status));
    refreshTimer = setTimeout(() => { if (!document.hidden) load(); else schedule(); }, busy ? 3000 : 10000);
  }

  tickTimer = setInterval(() => {
    for (const execution of executions) {
      if (execution.status === 'running') {
        const cell = rows.get(execution.id)?.querySelector('.duration');
        if (cell) cell.textContent = formatDuration(executionDuration(execution));
      }
    }
  }, 1000);

  // Just submitted from this tab: shown and followed before the first read of the list.
  const submitted = !cursor && !Object.values(filters).some(Boolean) ? takeSubmitted() : [];
  if (submitted.length) {
    executions = submitted;
    draw();
    watchLive();
  }
  load();

  return {
    dispose() {
      disposed = true;
      for (const pace of paced.values()) clearTimeout(pace.timer);
      clearTimeout(refreshTimer);
      clearInterval(tickTimer);
      for (const controller of streams.values()) controller.abort();
      streams.clear();
    },
    restored() { load(); },
  };
}
