// One execution: summary, error, status timeline, inputs, effective config and fingerprint,
// the response as a form beside its grounding and as a JSON tree, artifacts, webhook
// deliveries, model steps (when the server records them) and a diff against another execution
// of the same agent. Unfinished executions are followed live over Server-Sent Events.
import { api, watchExecution, TERMINAL } from '../api.js';
import { h, clear, timeElement, formatDuration, executionDuration, statusBadge, errorMessage, section, formatBytes, field } from '../dom.js';
import { jsonTree, jsonForm, jsonDiff, diffTable } from '../components/json.js';
import { groundingViewer } from '../components/grounding.js';
import { preview } from '../components/previews.js';
import { rerun, cancel } from './actions.js';

export function executionView(root, { argument: id }) {
  const path = `agent/executions/${encodeURIComponent(id)}`;
  const urls = [];
  let stream = null;
  let viewer = null;
  let disposed = false;
  let execution = null;

  const heading = h('h1', {}, 'Execution ', h('span', { class: 'mono' }, id));
  const status = h('div', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const actions = h('div', { class: 'row-actions' });
  const summary = h('dl', { class: 'summary' });
  const errorBox = h('div');
  const timeline = h('ol', { class: 'timeline' });
  const body = h('div', { class: 'detail-body' });
  clear(root,
    h('p', {}, h('a', { href: '#/executions' }, '← Executions')),
    h('div', { class: 'page-head' }, heading, actions),
    status, errorBox,
    h('div', { class: 'detail-top' }, section('Summary', summary), section('Timeline', timeline)),
    body);

  function drawHead() {
    clear(status, statusBadge(execution.status, execution.error), execution.cached ? h('span', { class: 'badge' }, 'cached') : null);
    clear(actions,
      TERMINAL.has(execution.status) ? null : h('button', { type: 'button', onclick: () => cancel(id, (e) => { execution = e; drawHead(); }) }, 'Cancel'),
      h('button', { type: 'button', onclick: async () => { const next = await rerun(id); if (next) location.hash = `#/executions/${encodeURIComponent(next.id)}`; } }, 'Re-run'));
    const agentLink = h('a', { href: `#/agents/${execution.name.split('/').map(encodeURIComponent).join('/')}` }, execution.name);
    const rows = [
      ['Agent', agentLink],
      ['Status', execution.status],
      ['Priority', execution.priority],
      ['Created', timeElement(execution.created_at)],
      ['Started', timeElement(execution.started_at)],
      ['Completed', timeElement(execution.completed_at)],
      ['Duration', formatDuration(executionDuration(execution))],
      ['Attempts', `${execution.attempts} of at most ${execution.max_attempts ?? '—'}`],
      ['Fingerprint', h('code', { class: 'mono wrap', title: 'hash of the effective config, input contents, engine and model' }, execution.fingerprint || '—')],
      ['Model', execution.model || '—'],
      ['Toolsets', (execution.toolsets || []).join(', ') || '—'],
    ];
    clear(summary, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    clear(errorBox, execution.status === 'failed' && execution.error
      ? h('div', { class: 'alert alert-error', role: 'alert' },
        h('strong', {}, `Failed: ${execution.error.code}`), h('p', { class: 'error-message' }, execution.error.message || ''))
      : null);
  }

  async function drawTimeline() {
    try {
      const history = await api.get(`${path}/history`);
      clear(timeline, history.map((e, i) => {
        const next = history[i + 1];
        const took = next ? Date.parse(next.at) - Date.parse(e.at) : null;
        return h('li', { class: `timeline-${e.status}` },
          statusBadge(e.status), e.attempt ? ` attempt ${e.attempt}` : '', ' · ', timeElement(e.at),
          took !== null ? h('span', { class: 'muted' }, ` (${formatDuration(took)})`) : null);
      }));
    } catch (error) {
      clear(timeline, h('li', { class: 'error' }, errorMessage(error)));
    }
  }

  async function inputsSection(request) {
    const list = h('div', { class: 'inputs' });
    const items = Object.entries(request.inputs || {}).flatMap(([name, value]) => (Array.isArray(value) && value.some((v) => v?.type) ? value : [value]).map((v) => [name, v]));
    if (!items.length) list.append(h('p', { class: 'muted' }, 'No inputs.'));
    for (const [name, value] of items) {
      const card = h('div', { class: 'input-card' }, h('h3', {}, name));
      list.append(card);
      if (value?.type === 'input_file' && value.file_id) {
        try {
          const file = await api.get(`files/${encodeURIComponent(value.file_id)}`);
          card.append(h('p', {}, h('span', { class: 'mono' }, file.id), ' ', file.filename, ' ', h('span', { class: 'muted' }, `(${file.content_type}, ${formatBytes(file.bytes)})`)),
            preview(`files/${encodeURIComponent(file.id)}/content`, { contentType: file.content_type, bytes: file.bytes, name: file.filename, urls, pagesPath: `files/${encodeURIComponent(file.id)}/pages` }));
        } catch (error) {
          card.append(h('p', { class: 'error' }, `File ${value.file_id}: ${errorMessage(error)}`));
        }
      } else if (value && typeof value === 'object' && value.type) {
        const url = value[value.type]?.url || value.file_url?.url || value.file_url;
        card.append(value.type === 'text' ? h('pre', { class: 'preview-text' }, value.text) : h('p', {}, `${value.type}: `, h('span', { class: 'mono wrap' }, url || JSON.stringify(value))));
      } else {
        card.append(jsonTree(value));
      }
    }
    return section('Inputs', list);
  }

  function responseSection() {
    const response = execution.response;
    if (execution.status !== 'completed') return null;
    if (!response) return section('Response', h('p', { class: 'muted' }, 'No response.'));
    viewer = groundingViewer(id, execution.grounding);
    const grounded = new Set(Object.keys(execution.grounding || {}));
    const form = jsonForm(response, { grounded, onSelect: (pointer) => viewer.select(pointer) });
    viewer.element.addEventListener('pick', (event) => {
      const input = form.querySelector(`input[data-pointer="${CSS.escape(event.detail)}"]`);
      input?.focus();
    });
    const tree = jsonTree(response);
    tree.hidden = true;
    const formPanel = h('div', { class: 'response-form' }, form);
    const toggle = (showTree) => {
      tree.hidden = !showTree;
      formPanel.hidden = showTree;
      formButton.setAttribute('aria-pressed', String(!showTree));
      treeButton.setAttribute('aria-pressed', String(showTree));
    };
    const formButton = h('button', { type: 'button', 'aria-pressed': 'true', onclick: () => toggle(false) }, 'Form');
    const treeButton = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => toggle(true) }, 'JSON tree');
    return section('Response',
      h('div', { class: 'toggle', role: 'group', 'aria-label': 'Show the response as' }, formButton, treeButton),
      h('div', { class: 'response-layout' }, h('div', { class: 'response-main' }, formPanel, tree), h('div', { class: 'response-side' }, h('h3', {}, 'Where values were read'), viewer.element)));
  }

  function artifactsSection() {
    const artifacts = execution.artifacts || [];
    if (!artifacts.length) return null;
    return section('Artifacts', h('div', { class: 'artifacts' }, artifacts.map((a) => h('div', { class: 'artifact', dataset: { objectId: a.object_id } },
      h('h3', { class: 'mono' }, a.object_id),
      preview(`artifacts?execution_id=${encodeURIComponent(id)}&object_id=${encodeURIComponent(a.object_id)}`, { contentType: a.content_type, bytes: a.bytes, name: a.object_id, urls })))));
  }

  async function deliveriesSection() {
    try {
      const deliveries = await api.get(`${path}/deliveries`);
      if (!deliveries.length) return null;
      return section('Webhook deliveries', h('table', {},
        h('thead', {}, h('tr', {}, ['URL', 'Status', 'Attempts', 'Last answer', 'Delivered'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, deliveries.map((d) => h('tr', {},
          h('td', { class: 'mono wrap' }, d.url), h('td', {}, d.status), h('td', {}, d.attempts),
          h('td', {}, d.last_status_code ?? d.last_error ?? '—'), h('td', {}, timeElement(d.delivered_at)))))));
    } catch {
      return null;
    }
  }

  async function stepsSection() {
    // Model steps are recorded only by servers with a model provider; show them when the server answers.
    try {
      const steps = await api.get(`${path}/steps`);
      const list = Array.isArray(steps) ? steps : steps?.items;
      if (!Array.isArray(list) || !list.length) return null;
      return section('Model steps', h('ol', { class: 'steps' }, list.map((step, i) => h('li', {}, jsonTree(step, { label: [`Step ${i + 1}`] })))));
    } catch {
      return null;
    }
  }

  function compareSection() {
    if (execution.status !== 'completed') return null;
    const select = h('select', {}, h('option', { value: '' }, 'Loading…'));
    const result = h('div', { class: 'diff-result' });
    const params = new URLSearchParams({ name: execution.name, status: 'completed', limit: '50' });
    api.get(`agent/executions?${params}`).then((others) => {
      const choices = others.filter((o) => o.id !== id);
      clear(select, h('option', { value: '' }, choices.length ? 'Choose an execution…' : 'No other completed execution of this agent'),
        choices.map((o) => h('option', { value: o.id }, `${o.id} · ${new Date(o.created_at).toLocaleString()}`)));
    }).catch((error) => clear(select, h('option', { value: '' }, errorMessage(error))));
    select.addEventListener('change', async () => {
      if (!select.value) { clear(result); return; }
      try {
        const other = await api.get(`agent/executions/${encodeURIComponent(select.value)}`);
        clear(result, diffTable(jsonDiff(execution.response, other.response), id, other.id));
      } catch (error) {
        clear(result, h('p', { class: 'error' }, errorMessage(error)));
      }
    });
    return section('Compare', field(`Compare this response with another execution of ${execution.name}`, select), result);
  }

  async function drawBody() {
    viewer?.dispose();
    const request = await api.get(`${path}/request`).catch(() => null);
    const parts = [
      responseSection(),
      artifactsSection(),
      request ? await inputsSection(request) : null,
      request ? section('Effective config', jsonTree(request.config || {})) : null,
      await deliveriesSection(),
      await stepsSection(),
      compareSection(),
    ];
    if (!disposed) clear(body, parts);
  }

  function follow() {
    stream?.abort();
    if (TERMINAL.has(execution.status)) return;
    const controller = new AbortController();
    stream = controller;
    watchExecution(id, (next) => {
      if (disposed) return;
      const wasTerminal = TERMINAL.has(execution.status);
      if (wasTerminal && !TERMINAL.has(next.status)) return;
      execution = { ...execution, ...next };
      drawHead();
      drawTimeline();
      if (!wasTerminal && TERMINAL.has(next.status)) load();
    }, controller.signal).catch(() => { /* the connection monitor reports it and calls restored() */ });
  }

  async function load() {
    try {
      execution = await api.get(path);
      if (disposed) return;
      heading.dataset.status = execution.status;
      drawHead();
      drawTimeline();
      await drawBody();
      follow();
    } catch (error) {
      if (disposed) return;
      clear(errorBox, h('div', { class: 'alert alert-error', role: 'alert' }, error.status === 404 ? `No execution ${id} in your tenant.` : errorMessage(error)));
    }
  }

  load();

  return {
    dispose() {
      disposed = true;
      stream?.abort();
      viewer?.dispose();
      urls.forEach((u) => URL.revokeObjectURL(u));
    },
    restored() { load(); },
  };
}
