// Inline previews of protected bytes (artifacts, input files): fetched with the key into a
// blob: URL, then shown as an image, a video or audio player, a PDF frame or text, with a
// download link that saves the same bytes under a sensible name.
import { api } from '../api.js';
import { h, clear, formatBytes, errorMessage } from '../dom.js';

// Larger files are previewed only on request, so a page of artifacts never pulls gigabytes.
const AUTO_PREVIEW_BYTES = 50 * 1024 * 1024;

export function preview(path, { contentType, bytes, name, urls, pagesPath }) {
  const body = h('div', { class: 'preview-body' });
  const download = h('a', { class: 'button', href: '#', download: name, 'aria-label': `Download ${name}` }, 'Download');
  const element = h('div', { class: 'preview' }, body, h('div', { class: 'preview-meta' },
    h('span', { class: 'mono' }, name), ' ', h('span', { class: 'muted' }, `${contentType || 'unknown type'}, ${formatBytes(bytes)}`), ' ', download));

  let loaded = null;
  async function load() {
    if (!loaded) {
      loaded = api.blobUrl(path).then((result) => { urls?.push(result.url); return result; });
      loaded.catch(() => { loaded = null; });
    }
    return loaded;
  }

  download.addEventListener('click', async (event) => {
    if (download.dataset.ready) return;
    event.preventDefault();
    try {
      const { url } = await load();
      download.href = url;
      download.dataset.ready = 'true';
      download.click();
    } catch (error) {
      clear(body, h('p', { class: 'error' }, `Download failed: ${errorMessage(error)}`));
    }
  });

  /** A PDF shown as rendered page images (any browser, headless too), page by page. */
  async function showPages() {
    let number = 1;
    let last = Infinity;
    const image = h('img', { class: 'preview-image', alt: '' });
    const label = h('span', { 'aria-live': 'polite' });
    const previous = h('button', { type: 'button', onclick: () => go(number - 1), 'aria-label': 'Previous page' }, '←');
    const next = h('button', { type: 'button', onclick: () => go(number + 1), 'aria-label': 'Next page' }, '→');
    async function go(target) {
      if (target < 1 || target > last) return;
      try {
        const { url } = await api.blobUrl(`${pagesPath}/${target}`);
        urls?.push(url);
        number = target;
        image.src = url;
        image.alt = `Page ${number} of ${name}`;
        label.textContent = `Page ${number}`;
        previous.disabled = number === 1;
        next.disabled = number >= last;
      } catch (error) {
        if (error.status === 404 && target > 1) { last = target - 1; next.disabled = true; }
        else clear(body, h('p', { class: 'error' }, `Preview failed: ${errorMessage(error)}`));
      }
    }
    clear(body, image, h('div', { class: 'row-actions' }, previous, label, next));
    await go(1);
  }

  async function show() {
    if (pagesPath && (contentType || '').startsWith('application/pdf')) {
      await showPages();
      return;
    }
    try {
      const { url, type, blob } = await load();
      const kind = (contentType || type || '').split(';')[0];
      download.href = url;
      download.dataset.ready = 'true';
      if (kind.startsWith('image/')) clear(body, h('img', { src: url, alt: `Preview of ${name}`, class: 'preview-image' }));
      else if (kind.startsWith('video/')) clear(body, h('video', { src: url, controls: true, preload: 'metadata', class: 'preview-video', 'aria-label': `Video ${name}` }));
      else if (kind.startsWith('audio/')) clear(body, h('audio', { src: url, controls: true, 'aria-label': `Audio ${name}` }));
      else if (kind === 'application/pdf') clear(body, h('iframe', { src: url, title: `PDF ${name}`, class: 'preview-pdf' }));
      else if (kind.startsWith('text/') || kind === 'application/json') {
        const text = await blob.text();
        clear(body, h('pre', { class: 'preview-text' }, text.length > 20000 ? `${text.slice(0, 20000)}\n…` : text));
      } else clear(body, h('p', { class: 'muted' }, 'No preview for this type; use Download.'));
    } catch (error) {
      clear(body, h('p', { class: 'error' }, `Preview failed: ${errorMessage(error)}`));
    }
  }

  if (bytes === undefined || bytes <= AUTO_PREVIEW_BYTES) show();
  else clear(body, h('button', { type: 'button', onclick: show }, `Preview (${formatBytes(bytes)})`));
  return element;
}
