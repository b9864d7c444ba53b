// Agents: the built-in agents and the tenant's own, by name with their versions; one agent's
// prompt, schema as a field table and sample output; and the form that creates a new version.
import { api } from '../api.js';
import { h, clear, timeElement, errorMessage, section, field, announce } from '../dom.js';
import { jsonTree } from '../components/json.js';
import { checkSchema, parseSchemaText, fieldTable } from '../components/schema.js';
import { listAgents } from './agent-names.js';

const DOMAIN_AGENTS = /^document\/(invoice|receipt|purchase-order|bank-statement)$/;

function agentHref(name) { return `#/agents/${name.split('/').map(encodeURIComponent).join('/')}`; }

function groupByName(agents) {
  const groups = new Map();
  for (const agent of agents) {
    const base = agent.name.split(':')[0];
    if (!groups.has(base)) groups.set(base, []);
    groups.get(base).push(agent);
  }
  return groups;
}

export function agentsView(root) {
  const content = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  clear(root, h('div', { class: 'page-head' }, h('h1', {}, 'Agents'), h('a', { class: 'button primary', href: '#/agents/new' }, 'New agent')), content);
  listAgents().then(({ builtins, own }) => {
    const groups = groupByName(own);
    clear(content,
      section('Your agents', groups.size
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'responsive' },
          h('thead', {}, h('tr', {}, ['Name', 'Versions', 'Latest', 'Description'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, [...groups].map(([name, versions]) => h('tr', {},
            h('td', { dataset: { label: 'Name' } }, h('a', { href: agentHref(name) }, name)),
            h('td', { dataset: { label: 'Versions' } }, versions.map((v) => v.name.split(':')[1]).join(', ')),
            h('td', { dataset: { label: 'Latest' } }, timeElement(versions[0].created_at)),
            h('td', { dataset: { label: 'Description' } }, versions[0].description))))))
        : h('p', { class: 'muted' }, 'No agents of your own yet. Create one with a prompt and a JSON Schema.')),
      section('Built-in agents', h('div', { class: 'table-wrap' }, h('table', { class: 'responsive' },
        h('thead', {}, h('tr', {}, ['Name', 'Toolsets', 'Description'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, builtins.map((a) => h('tr', {},
          h('td', { dataset: { label: 'Name' } }, h('a', { href: agentHref(a.name) }, a.name)),
          h('td', { dataset: { label: 'Toolsets' } }, (a.toolsets || []).join(', ')),
          h('td', { dataset: { label: 'Description' } }, a.description))))))));
  }).catch((error) => clear(content, h('p', { class: 'error', role: 'alert' }, errorMessage(error))));
  return {};
}

export function agentView(root, { argument: name }) {
  const content = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  clear(root, h('p', {}, h('a', { href: '#/agents' }, '← Agents')), h('div', { class: 'page-head' }, h('h1', {}, name)), content);
  (async () => {
    const agent = await api.post('agent/lookup', { name });
    const builtin = agent.id === agent.name;
    let schema = agent.json_schema;
    let sample = agent.json_sample;
    if (!schema && DOMAIN_AGENTS.test(agent.name)) {
      const hub = await api.post('hub/schema', { domain: agent.name.replace('/', '.') }).catch(() => null);
      schema = hub?.json_schema ?? null;
    }
    const versions = builtin ? [] : (await api.get('agent?limit=1000')).filter((a) => a.name.split(':')[0] === agent.name.split(':')[0]);
    clear(content,
      h('div', { class: 'row-actions' },
        h('a', { class: 'button', href: `#/executions?name=${encodeURIComponent(agent.name.split(':')[0])}` }, 'Its executions'),
        h('a', { class: 'button', href: `#/files?agent=${encodeURIComponent(agent.name)}` }, 'Run on a file'),
        builtin ? null : h('a', { class: 'button primary', href: `#/agents/new?from=${encodeURIComponent(agent.name)}` }, 'New version')),
      section('About', h('dl', { class: 'summary' },
        h('dt', {}, 'Name'), h('dd', { class: 'mono' }, agent.name),
        h('dt', {}, 'Id'), h('dd', { class: 'mono' }, agent.id),
        h('dt', {}, 'Description'), h('dd', {}, agent.description || '—'),
        builtin ? [h('dt', {}, 'Toolsets'), h('dd', {}, (agent.toolsets || []).join(', '))] : [h('dt', {}, 'Created'), h('dd', {}, timeElement(agent.created_at))])),
      versions.length ? section('Versions', h('ul', { class: 'versions' }, versions.map((v) => h('li', {},
        h('a', { href: agentHref(v.name) }, v.name), ' ', h('span', { class: 'muted' }, timeElement(v.created_at)))))) : null,
      agent.prompt ? section('Prompt', h('pre', { class: 'prompt' }, agent.prompt)) : null,
      schema ? section('Response schema', fieldTable(schema), h('details', {}, h('summary', {}, 'Schema as JSON'), jsonTree(schema))) : null,
      sample ? section('Sample output', jsonTree(sample)) : null,
      agent.config ? section('Config', jsonTree(agent.config)) : null);
  })().catch((error) => clear(content, h('p', { class: 'error', role: 'alert' }, error.status === 404 ? `No agent named ${name}.` : errorMessage(error))));
  return {};
}

export function newAgentView(root, { query }) {
  const from = query.get('from');
  const nameInput = h('input', { name: 'name', required: true, autocomplete: 'off', pattern: '[A-Za-z0-9][A-Za-z0-9._/-]{0,127}(:[A-Za-z0-9][A-Za-z0-9._-]{0,63})?', placeholder: 'invoice-extractor or invoice-extractor:1.2.0' });
  const description = h('input', { name: 'description', autocomplete: 'off' });
  const prompt = h('textarea', { name: 'prompt', rows: 4 });
  const schemaText = h('textarea', { name: 'json_schema', rows: 16, class: 'mono', spellcheck: false });
  const schemaStatus = h('div', { class: 'schema-status', id: 'schema-status', role: 'status', 'aria-live': 'polite' });
  const preview = h('div', { class: 'schema-preview' });
  const submitError = h('p', { class: 'error', role: 'alert' });
  submitError.hidden = true;
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create version');

  function validate() {
    const { schema, error } = parseSchemaText(schemaText.value);
    const problems = error ? [{ path: '', message: error }] : schema === null ? [] : checkSchema(schema);
    schemaText.setAttribute('aria-invalid', String(problems.length > 0));
    schemaStatus.className = `schema-status ${problems.length ? 'invalid' : 'valid'}`;
    clear(schemaStatus, schema === null && !error
      ? 'No schema: the agent answers with a generic parse.'
      : problems.length
        ? [h('strong', {}, `${problems.length} problem${problems.length === 1 ? '' : 's'}:`), h('ul', {}, problems.map((p) => h('li', {}, p.path ? h('code', {}, p.path) : null, p.path ? ' ' : null, p.message)))]
        : 'Valid JSON Schema.');
    clear(preview, schema && !problems.length ? fieldTable(schema) : null);
    submit.disabled = problems.length > 0;
    return { schema, problems };
  }
  schemaText.addEventListener('input', validate);
  schemaText.setAttribute('aria-describedby', 'schema-status');

  const form = h('form', {
    class: 'panel agent-form',
    onsubmit: async (event) => {
      event.preventDefault();
      const { schema, problems } = validate();
      if (problems.length) { schemaText.focus(); return; }
      submit.disabled = true;
      submitError.hidden = true;
      const config = { prompt: prompt.value };
      if (schema) config.json_schema = schema;
      try {
        const created = await api.post('agent/create', { name: nameInput.value.trim(), description: description.value, config });
        announce(`Created ${created.name}.`);
        location.hash = agentHref(created.name);
      } catch (error) {
        submitError.textContent = errorMessage(error);
        submitError.hidden = false;
        submit.disabled = false;
      }
    },
  },
  field('Name', nameInput, 'A name, optionally with :version. Without a version the server assigns the next one when the config changed.'),
  field('Description', description),
  field('Prompt', prompt),
  field('JSON Schema of the response', schemaText, 'Checked as you type. Leave empty for a generic parse.'),
  schemaStatus, preview, submitError, submit);

  clear(root, h('p', {}, h('a', { href: '#/agents' }, '← Agents')), h('h1', {}, from ? `New version of ${from.split(':')[0]}` : 'New agent'), form);
  if (from) {
    api.post('agent/lookup', { name: from }).then((agent) => {
      nameInput.value = agent.name.split(':')[0];
      description.value = agent.description || '';
      prompt.value = agent.prompt || '';
      schemaText.value = agent.json_schema ? JSON.stringify(agent.json_schema, null, 2) : '';
      validate();
    }).catch((error) => { submitError.textContent = errorMessage(error); submitError.hidden = false; });
  }
  validate();
  return {};
}
