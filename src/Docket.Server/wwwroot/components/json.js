// JSON shown to people: a collapsible tree, a read-only form, and a diff of two values.
// Every value carries its JSON pointer (/line_items/0/amount), the key grounding uses.
import { h } from '../dom.js';

export function pointerOf(parent, key) {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function scalar(value) {
  if (value === null) return h('span', { class: 'json-null' }, 'null');
  if (typeof value === 'string') return h('span', { class: 'json-string' }, JSON.stringify(value));
  if (typeof value === 'number') return h('span', { class: 'json-number' }, String(value));
  if (typeof value === 'boolean') return h('span', { class: 'json-boolean' }, String(value));
  return h('span', {}, JSON.stringify(value));
}

function isContainer(value) { return value !== null && typeof value === 'object'; }

/**
 * A collapsible tree of <details> elements: keyboard-operable by default (Tab to a summary,
 * Enter or Space toggles), and read as a disclosure by screen readers.
 */
export function jsonTree(value, { pointer = '', label = null, depth = 0 } = {}) {
  const key = label === null ? null : h('span', { class: 'json-key' }, Array.isArray(label) ? label[0] : `${label}: `);
  if (!isContainer(value)) {
    return h('div', { class: 'json-leaf', dataset: { pointer } }, key, scalar(value));
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const summaryText = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return h('details', { class: 'json-node', open: depth < 3, dataset: { pointer } },
    h('summary', {}, key, h('span', { class: 'json-count' }, summaryText)),
    h('div', { class: 'json-children' },
      entries.map(([k, v]) => jsonTree(v, { pointer: pointerOf(pointer, k), label: k, depth: depth + 1 }))));
}

function titleOf(key) {
  return String(key).replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/**
 * The response as a read-only form: a labelled field per value, a fieldset per object and per
 * array item. onSelect(pointer) is called when a field gets focus or is clicked.
 */
export function jsonForm(value, { onSelect, grounded = new Set() } = {}) {
  function build(node, pointer, key) {
    if (isContainer(node)) {
      const entries = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
      const legend = key === null ? null : h('legend', {}, Array.isArray(node) ? `${titleOf(key)} (${entries.length})` : titleOf(key));
      return h('fieldset', { class: 'form-group', dataset: { pointer } }, legend,
        entries.length ? entries.map(([k, v]) => build(v, pointerOf(pointer, k), Array.isArray(node) ? `${titleOf(key)} ${k + 1}` : k)) : h('p', { class: 'muted' }, 'empty'));
    }
    const text = node === null ? '' : typeof node === 'string' ? node : JSON.stringify(node);
    const id = `field-${pointer.replace(/[^A-Za-z0-9]/g, '_')}`;
    const input = h('input', {
      id,
      readOnly: true,
      value: text,
      placeholder: node === null ? 'null' : null,
      class: grounded.has(pointer) ? 'grounded' : null,
      dataset: { pointer },
      onfocus: () => onSelect?.(pointer),
      onclick: () => onSelect?.(pointer),
    });
    return h('div', { class: 'field form-field', dataset: { pointer } },
      h('label', { for: id }, titleOf(key), grounded.has(pointer) ? h('span', { class: 'grounded-mark', title: 'Has a source box' }, ' ◎') : null),
      input);
  }
  return h('form', { class: 'json-form', onsubmit: (e) => e.preventDefault() }, build(value, '', null));
}

/** The differences between two JSON values: [{pointer, kind: changed|added|removed, left, right}]. */
export function jsonDiff(left, right, pointer = '', out = []) {
  if (isContainer(left) && isContainer(right) && Array.isArray(left) === Array.isArray(right)) {
    const keys = Array.isArray(left)
      ? [...Array(Math.max(left.length, right.length)).keys()]
      : [...new Set([...Object.keys(left), ...Object.keys(right)])];
    for (const key of keys) {
      const inLeft = Array.isArray(left) ? key < left.length : Object.hasOwn(left, key);
      const inRight = Array.isArray(right) ? key < right.length : Object.hasOwn(right, key);
      const p = pointerOf(pointer, key);
      if (inLeft && !inRight) out.push({ pointer: p, kind: 'removed', left: left[key] });
      else if (!inLeft && inRight) out.push({ pointer: p, kind: 'added', right: right[key] });
      else jsonDiff(left[key], right[key], p, out);
    }
    return out;
  }
  if (JSON.stringify(left) !== JSON.stringify(right)) out.push({ pointer: pointer || '/', kind: 'changed', left, right });
  return out;
}

export function diffTable(differences, leftLabel, rightLabel) {
  if (!differences.length) return h('p', { class: 'ok-text', role: 'status' }, 'The two responses are identical.');
  const show = (v) => (v === undefined ? '' : JSON.stringify(v));
  return h('table', { class: 'diff' },
    h('caption', {}, `${differences.length} difference${differences.length === 1 ? '' : 's'}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Change'), h('th', { scope: 'col' }, leftLabel), h('th', { scope: 'col' }, rightLabel))),
    h('tbody', {}, differences.map((d) => h('tr', { class: `diff-${d.kind}` },
      h('td', { class: 'mono' }, d.pointer),
      h('td', {}, d.kind),
      h('td', { class: 'mono diff-left' }, show(d.left)),
      h('td', { class: 'mono diff-right' }, show(d.right))))));
}
