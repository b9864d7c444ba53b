// Grounding drawn over the pages it came from: the page image comes from
// GET /v1/agent/executions/{id}/pages/{n}; each grounded value's box (fractions of the page)
// is an outlined rectangle over it. select(pointer) shows that value's page and highlights its box.
import { api } from '../api.js';
import { h, clear, errorMessage } from '../dom.js';

export function groundingViewer(executionId, grounding) {
  const entries = Object.entries(grounding || {});
  const pages = [...new Set(entries.map(([, g]) => g.page))].sort((a, b) => a - b);
  const urls = new Map();
  let page = pages[0] ?? 1;
  let selected = null;

  const caption = h('p', { class: 'grounding-caption', role: 'status', 'aria-live': 'polite' });
  const image = h('img', { class: 'page-image', alt: '' });
  const overlay = h('div', { class: 'page-overlay' });
  const frame = h('div', { class: 'page-frame' }, image, overlay);
  const problem = h('p', { class: 'muted' });
  problem.hidden = true;
  const pageSelect = h('select', { 'aria-label': 'Page', onchange: () => show(Number(pageSelect.value), null) },
    pages.map((p) => h('option', { value: p }, `Page ${p}`)));
  const element = h('div', { class: 'grounding' },
    h('div', { class: 'grounding-bar' }, pageSelect, caption), problem, frame);

  async function pageUrl(number) {
    if (!urls.has(number)) urls.set(number, api.blobUrl(`agent/executions/${encodeURIComponent(executionId)}/pages/${number}`).then((r) => r.url));
    return urls.get(number);
  }

  function drawBoxes() {
    clear(overlay, entries.filter(([, g]) => g.page === page).map(([pointer, g]) => {
      const [left, top, right, bottom] = g.box;
      return h('button', {
        type: 'button',
        class: `box${pointer === selected ? ' selected' : ''}`,
        style: `left:${left * 100}%;top:${top * 100}%;width:${(right - left) * 100}%;height:${(bottom - top) * 100}%`,
        title: `${pointer}: ${g.text}`,
        'aria-label': `${pointer}: ${g.text}`,
        dataset: { pointer },
        onclick: () => element.dispatchEvent(new CustomEvent('pick', { detail: pointer })),
      });
    }));
  }

  async function show(number, pointer) {
    page = number;
    selected = pointer;
    pageSelect.value = String(number);
    const g = pointer ? grounding[pointer] : null;
    caption.textContent = g
      ? `${pointer} — “${g.text}” on page ${g.page}, confidence ${Math.round(g.confidence * 100)} %`
      : `Page ${number}: ${entries.filter(([, e]) => e.page === number).length} grounded values. Select a field to see where it was read.`;
    drawBoxes();
    try {
      const url = await pageUrl(number);
      if (page !== number) return;
      image.alt = `Page ${number} of the execution's documents`;
      image.src = url;
      problem.hidden = true;
      frame.hidden = false;
    } catch (error) {
      urls.delete(number);
      problem.textContent = `The page cannot be shown: ${errorMessage(error)}`;
      problem.hidden = false;
      frame.classList.add('no-image');
    }
    if (pointer) overlay.querySelector('.box.selected')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  if (!entries.length) {
    clear(element, h('p', { class: 'muted' }, 'No grounding: run with config.grounding set to see where each value was read.'));
  } else {
    show(page, null);
  }

  return {
    element,
    has: (pointer) => Object.hasOwn(grounding || {}, pointer),
    select(pointer) {
      const g = grounding?.[pointer];
      if (g) show(g.page, pointer);
      else caption.textContent = `${pointer} has no source box.`;
    },
    dispose() { for (const url of urls.values()) url.then((u) => URL.revokeObjectURL(u)).catch(() => {}); },
  };
}
