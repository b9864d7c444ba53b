// The dashboard's shell: sign-in, the hash router (#/executions, #/executions/ID, #/agents,
// #/agents/NAME, #/agents/new, #/files), the connection banner and the focus on navigation.
import { api, session, onUnauthorized } from './api.js';
import { connection } from './connection.js';
import { h, clear, field } from './dom.js';
import { executionsView } from './views/executions.js';
import { executionView } from './views/execution.js';
import { agentsView, agentView, newAgentView } from './views/agents.js';
import { filesView } from './views/files.js';

const main = document.getElementById('main');
const banner = document.getElementById('connection');
const signOut = document.getElementById('sign-out');
let current = null;

function parseRoute() {
  const hash = location.hash.replace(/^#/, '') || '/executions';
  const [path, query = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, query: new URLSearchParams(query) };
}

function pick({ parts }) {
  switch (parts[0]) {
    case 'executions': return parts[1] ? [executionView, parts[1]] : [executionsView];
    case 'agents':
      if (parts[1] === 'new') return [newAgentView];
      return parts.length > 1 ? [agentView, parts.slice(1).join('/')] : [agentsView];
    case 'files': return [filesView];
    default: return null;
  }
}

async function render() {
  current?.dispose?.();
  current = null;
  if (!session.key) {
    renderSignIn();
    return;
  }
  signOut.hidden = false;
  const route = parseRoute();
  const chosen = pick(route);
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === route.parts[0]) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  if (!chosen) {
    clear(main, h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', { href: '#/executions' }, 'Go to executions.')));
    return;
  }
  const [view, argument] = chosen;
  clear(main);
  current = view(main, { argument, query: route.query });
  // Move focus to the new page's heading so keyboard and screen-reader users start there.
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

function renderSignIn(message) {
  signOut.hidden = true;
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'off', required: true, spellcheck: false, placeholder: 'dk_…' });
  const error = h('p', { class: 'error', role: 'alert', id: 'sign-in-error' }, message || '');
  if (!message) error.hidden = true;
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', {
    class: 'sign-in panel',
    'aria-labelledby': 'sign-in-title',
    onsubmit: async (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      button.disabled = true;
      error.hidden = true;
      try {
        await api.checkKey(key);
        session.key = key;
        await render();
      } catch (failure) {
        error.textContent = failure.status === 401
          ? 'Docket did not accept this API key: it is wrong or has been revoked. Check the key (docket keys list) and try again.'
          : failure.name === 'NetworkError'
            ? 'Docket cannot be reached. Is the server running?'
            : `Sign-in failed: ${failure.message}`;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      } finally {
        button.disabled = false;
      }
    },
  },
  h('h1', { id: 'sign-in-title' }, 'Sign in to Docket'),
  h('p', {}, 'Use an API key of your tenant. It is kept in this browser tab only (session storage) and sent with every request.'),
  field('API key', input, 'docket keys create prints a new key; the first start writes one to .docket/admin-key.'),
  error,
  button);
  clear(main, form);
  input.focus();
}

signOut.addEventListener('click', () => {
  session.key = null;
  location.hash = '#/executions';
  render();
});

onUnauthorized(() => {
  if (!session.key) return;
  session.key = null;
  current?.dispose?.();
  current = null;
  renderSignIn('Docket no longer accepts your API key (it was revoked or the server was reset). Sign in again.');
});

connection.on((event) => {
  if (event === 'lost') {
    banner.className = 'banner banner-error';
    banner.textContent = 'Connection to Docket lost. Retrying… Live updates resume when the server is back.';
    banner.hidden = false;
  } else {
    banner.className = 'banner banner-ok';
    banner.textContent = 'Reconnected to Docket.';
    setTimeout(() => { if (connection.state === 'online') banner.hidden = true; }, 3000);
    current?.restored?.();
  }
});

window.addEventListener('hashchange', render);
render();
