// Files: drag-and-drop (or chosen) uploads with progress, the list, delete, and "run an agent
// on this file" with an agent picker.
import { api, upload } from '../api.js';
import { h, clear, timeElement, formatBytes, errorMessage, announce, field, section } from '../dom.js';
import { listAgents } from './agent-names.js';
import { rememberSubmitted } from './recent.js';

const PAGE_SIZE = 50;

export function filesView(root, { query }) {
  const preferredAgent = query.get('agent') || 'document/invoice';
  const skip = Number(query.get('skip') || 0);
  const uploads = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
  const picker = h('input', { type: 'file', multiple: true, id: 'file-input', class: 'visually-hidden', onchange: () => { start([...picker.files]); picker.value = ''; } });
  const zone = h('div', { class: 'dropzone', tabindex: '0', role: 'button', 'aria-describedby': 'dropzone-help',
    onclick: () => picker.click(),
    onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); picker.click(); } },
    ondragover: (e) => { e.preventDefault(); zone.classList.add('over'); },
    ondragleave: () => zone.classList.remove('over'),
    ondrop: (e) => { e.preventDefault(); zone.classList.remove('over'); start([...e.dataTransfer.files]); } },
  h('strong', {}, 'Drop files here'), h('span', { id: 'dropzone-help' }, ' or press to choose files (PDF, images, DOCX, XLSX, CSV, HTML, text, e-mail, video).'));
  const tbody = h('tbody');
  const message = h('p', { class: 'muted', role: 'status' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const dialogHost = h('div');
  let disposed = false;
  let agents = null;

  clear(root,
    h('h1', {}, 'Files'),
    section('Upload', h('label', { for: 'file-input', class: 'visually-hidden' }, 'Choose files to upload'), picker, zone, uploads),
    section('Your files', message, h('div', { class: 'table-wrap' }, h('table', { class: 'files responsive' },
      h('caption', { class: 'visually-hidden' }, 'Uploaded files, newest first'),
      h('thead', {}, h('tr', {}, ['File', 'Name', 'Type', 'Size', 'Uploaded', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      tbody)), pager),
    dialogHost);

  function start(files) {
    for (const file of files) {
      const bar = h('progress', { max: 1, value: 0, 'aria-label': `Uploading ${file.name}` });
      const state = h('span', { class: 'upload-state' }, 'uploading…');
      const controller = new AbortController();
      const stop = h('button', { type: 'button', onclick: () => controller.abort() }, 'Cancel');
      const item = h('li', { class: 'upload', dataset: { name: file.name } }, h('span', { class: 'mono' }, file.name), ' ', h('span', { class: 'muted' }, formatBytes(file.size)), bar, state, stop);
      uploads.prepend(item);
      upload(file, (fraction) => { bar.value = fraction; state.textContent = `${Math.round(fraction * 100)} %`; }, controller.signal)
        .then((created) => {
          bar.value = 1;
          state.textContent = `uploaded as ${created.id}`;
          item.classList.add('done');
          item.dataset.fileId = created.id;
          stop.remove();
          announce(`${file.name} uploaded.`);
          load();
        })
        .catch((error) => {
          state.textContent = error.name === 'AbortError' ? 'cancelled' : `failed: ${errorMessage(error)}`;
          item.classList.add('failed');
          stop.remove();
        });
    }
  }

  async function runDialog(file) {
    agents ??= await listAgents().catch(() => ({ builtins: [], own: [] }));
    const options = [...agents.builtins.map((a) => a.name), ...agents.own.map((a) => a.name)];
    const select = h('select', { name: 'agent' }, options.map((n) => h('option', { value: n, selected: n === preferredAgent }, n)));
    const grounding = h('input', { type: 'checkbox', name: 'grounding', id: 'run-grounding', checked: true });
    const priority = h('select', { name: 'priority' }, ['normal', 'high', 'low'].map((p) => h('option', { value: p }, p)));
    const error = h('p', { class: 'error', role: 'alert' });
    error.hidden = true;
    const dialog = h('dialog', { class: 'run-dialog', 'aria-labelledby': 'run-title' },
      h('form', {
        method: 'dialog',
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            const body = { name: select.value, inputs: { file: { type: 'input_file', file_id: file.id } }, priority: priority.value };
            if (grounding.checked) body.config = { grounding: true };
            const execution = await api.post('agent/execute', body);
            rememberSubmitted(execution);
            dialog.close();
            announce(`Queued ${execution.id}.`);
            location.hash = '#/executions';
          } catch (failure) {
            error.textContent = errorMessage(failure);
            error.hidden = false;
          }
        },
      },
      h('h2', { id: 'run-title' }, `Run an agent on ${file.filename}`),
      field('Agent', select),
      h('div', { class: 'field checkbox' }, grounding, h('label', { for: 'run-grounding' }, 'Record where each value was read (grounding)')),
      field('Priority', priority),
      error,
      h('div', { class: 'row-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Run'), h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'))));
    dialog.addEventListener('close', () => dialog.remove());
    dialogHost.append(dialog);
    dialog.showModal();
    select.focus();
  }

  async function remove(file) {
    if (!confirm(`Delete ${file.filename} (${file.id})? Executions that used it keep their results.`)) return;
    try {
      await api.del(`files/${encodeURIComponent(file.id)}`);
      announce(`${file.filename} deleted.`);
      load();
    } catch (error) {
      announce(`Could not delete ${file.filename}: ${errorMessage(error)}`, 'error');
    }
  }

  async function load() {
    try {
      const files = await api.get(`files?skip=${skip}&limit=${PAGE_SIZE}`);
      if (disposed) return;
      message.textContent = files.length ? '' : 'No files yet: drop one above.';
      clear(tbody, files.map((file) => h('tr', { dataset: { id: file.id } },
        h('td', { class: 'mono', dataset: { label: 'File' } }, file.id),
        h('td', { dataset: { label: 'Name' } }, file.filename),
        h('td', { dataset: { label: 'Type' } }, file.content_type || '—'),
        h('td', { dataset: { label: 'Size' } }, formatBytes(file.bytes)),
        h('td', { dataset: { label: 'Uploaded' } }, timeElement(file.created_at)),
        h('td', { dataset: { label: 'Actions' } }, h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'primary', onclick: () => runDialog(file), 'aria-label': `Run an agent on ${file.filename}` }, 'Run agent…'),
          h('button', { type: 'button', onclick: () => remove(file), 'aria-label': `Delete ${file.filename}` }, 'Delete'))))));
      clear(pager,
        skip > 0 ? h('a', { class: 'button', href: `#/files?skip=${Math.max(0, skip - PAGE_SIZE)}` }, '← Newer') : null,
        files.length === PAGE_SIZE ? h('a', { class: 'button', href: `#/files?skip=${skip + PAGE_SIZE}` }, 'Older →') : null);
    } catch (error) {
      if (!disposed && error.name !== 'NetworkError') message.textContent = `The files could not be listed: ${errorMessage(error)}`;
    }
  }

  load();
  return {
    dispose() { disposed = true; },
    restored() { load(); },
  };
}
