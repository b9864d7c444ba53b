// JSON Schema for people: the fields as a table, and a checker for the schema editor that
// reports the mistakes the server or the extractor would trip on, as you type.
import { h } from '../dom.js';

const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
const SCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const NUMBERS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'multipleOf'];

function resolve(root, ref) {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  if (ref === '#') return root;
  let node = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Problems of a schema as [{path, message}]; empty when it is usable. */
export function checkSchema(schema) {
  const problems = [];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return [{ path: '', message: 'A JSON Schema must be an object.' }];
  }
  const seen = new Set();
  function walk(node, path) {
    if (typeof node === 'boolean') return;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      problems.push({ path, message: 'must be a schema (an object).' });
      return;
    }
    if (seen.has(node)) return;
    seen.add(node);
    if ('type' in node) {
      const types = Array.isArray(node.type) ? node.type : [node.type];
      for (const t of types) if (!TYPES.has(t)) problems.push({ path: `${path}/type`, message: `'${t}' is not a JSON Schema type (object, array, string, number, integer, boolean, null).` });
    }
    if ('$ref' in node && resolve(schema, node.$ref) === undefined) problems.push({ path: `${path}/$ref`, message: `'${node.$ref}' does not point to a part of this schema.` });
    for (const key of SCHEMA_MAPS) {
      if (!(key in node)) continue;
      if (node[key] === null || typeof node[key] !== 'object' || Array.isArray(node[key])) problems.push({ path: `${path}/${key}`, message: 'must be an object of schemas.' });
      else for (const [name, child] of Object.entries(node[key])) walk(child, `${path}/${key}/${name}`);
    }
    for (const key of SCHEMA_LISTS) {
      if (!(key in node)) continue;
      if (!Array.isArray(node[key])) problems.push({ path: `${path}/${key}`, message: 'must be an array of schemas.' });
      else node[key].forEach((child, i) => walk(child, `${path}/${key}/${i}`));
    }
    for (const key of ['items', 'additionalProperties', 'not', 'contains']) if (key in node && typeof node[key] !== 'boolean') walk(node[key], `${path}/${key}`);
    if ('required' in node) {
      if (!Array.isArray(node.required) || node.required.some((r) => typeof r !== 'string')) problems.push({ path: `${path}/required`, message: 'must be an array of property names.' });
      else if (node.properties && typeof node.properties === 'object') {
        for (const name of node.required) if (!Object.hasOwn(node.properties, name)) problems.push({ path: `${path}/required`, message: `'${name}' is required but not among the properties.` });
      }
    }
    if ('enum' in node && (!Array.isArray(node.enum) || node.enum.length === 0)) problems.push({ path: `${path}/enum`, message: 'must be a non-empty array.' });
    for (const key of NUMBERS) if (key in node && typeof node[key] !== 'number') problems.push({ path: `${path}/${key}`, message: 'must be a number.' });
    if ('format' in node && typeof node.format !== 'string') problems.push({ path: `${path}/format`, message: 'must be a string.' });
    if ('description' in node && typeof node.description !== 'string') problems.push({ path: `${path}/description`, message: 'must be a string.' });
  }
  walk(schema, '');
  const root = schema.$ref ? resolve(schema, schema.$ref) : schema;
  if (root && typeof root === 'object' && root.type !== undefined && root.type !== 'object') {
    problems.push({ path: '/type', message: 'The response must be an object: use "type": "object" with properties.' });
  }
  return problems;
}

/** Parses the editor's text: {schema} or {error} with the parser's message. */
export function parseSchemaText(text) {
  if (!text.trim()) return { schema: null };
  try {
    return { schema: JSON.parse(text) };
  } catch (error) {
    return { error: `Not valid JSON: ${error.message}` };
  }
}

/** The schema's fields, depth first: [{path, type, detail, required, description}]. */
export function schemaFields(schema) {
  const rows = [];
  const visiting = new Set();
  function typeOf(node) {
    if (!node || typeof node !== 'object') return 'any';
    if (node.type) return Array.isArray(node.type) ? node.type.join(' | ') : node.type;
    if (node.enum) return 'enum';
    if (node.anyOf || node.oneOf) return (node.anyOf || node.oneOf).map((s) => typeOf(deref(s))).join(' | ');
    if (node.properties) return 'object';
    return 'any';
  }
  function deref(node) {
    let current = node;
    for (let i = 0; i < 10 && current && typeof current === 'object' && current.$ref; i += 1) {
      const target = resolve(schema, current.$ref);
      if (!target) break;
      const { $ref, ...rest } = current;
      current = { ...target, ...rest };
    }
    return current;
  }
  function walk(node, path, required) {
    const resolved = deref(node);
    if (!resolved || typeof resolved !== 'object') return;
    const nullable = (resolved.anyOf || resolved.oneOf || []).map(deref).filter((s) => s?.type !== 'null');
    const effective = nullable.length === 1 ? { ...nullable[0], description: resolved.description ?? nullable[0].description } : resolved;
    if (path) {
      const detail = [effective.format, effective.enum ? `one of ${effective.enum.map((e) => JSON.stringify(e)).join(', ')}` : null, effective.pattern ? `pattern ${effective.pattern}` : null].filter(Boolean).join('; ');
      rows.push({ path, type: typeOf(effective) + (nullable.length === 1 ? ' | null' : ''), detail, required, description: effective.description || effective.title || '' });
    }
    if (visiting.has(effective)) return;
    visiting.add(effective);
    if (effective.properties) {
      const needed = new Set(effective.required || []);
      for (const [name, child] of Object.entries(effective.properties)) walk(child, path ? `${path}.${name}` : name, needed.has(name));
    }
    if (effective.items && typeof effective.items === 'object') walk(effective.items, `${path}[]`, false);
    visiting.delete(effective);
  }
  walk(schema, '', false);
  return rows;
}

export function fieldTable(schema) {
  const rows = schemaFields(schema);
  if (!rows.length) return h('p', { class: 'muted' }, 'The schema has no fields.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'fields' },
    h('caption', { class: 'visually-hidden' }, 'Schema fields'),
    h('thead', {}, h('tr', {}, ['Field', 'Type', 'Required', 'Format / values', 'Description'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('td', { class: 'mono', style: `padding-left:${0.5 + (r.path.split('.').length - 1)}rem` }, r.path),
      h('td', {}, r.type), h('td', {}, r.required ? 'yes' : ''), h('td', {}, r.detail), h('td', {}, r.description))))));
}
