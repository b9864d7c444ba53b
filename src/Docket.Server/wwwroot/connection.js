// Whether the server can be reached. A failed request marks it lost; from then on /health is
// polled (backing off to 5 s) until it answers, and listeners hear 'restored' so that each view
// reloads what it shows and resumes its watches.
const listeners = new Set();
let state = 'online';
let timer = null;
let delay = 500;

function emit(event) { listeners.forEach((l) => l(event)); }

async function probe() {
  timer = null;
  try {
    const response = await fetch('/health', { cache: 'no-store' });
    if (response.ok) {
      connection.reached();
      return;
    }
  } catch { /* still down */ }
  delay = Math.min(delay * 2, 5000);
  timer = setTimeout(probe, delay);
}

export const connection = {
  get state() { return state; },
  on(listener) { listeners.add(listener); return () => listeners.delete(listener); },
  lost() {
    if (state === 'lost') return;
    state = 'lost';
    delay = 500;
    emit('lost');
    timer = setTimeout(probe, delay);
  },
  reached() {
    if (state === 'online') return;
    state = 'online';
    if (timer) clearTimeout(timer);
    timer = null;
    emit('restored');
  },
};
