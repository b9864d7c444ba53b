// Docket's public API as the dashboard uses it: every call under /v1 with the signed-in key.
// Network failures (server down or restarting) are reported to the connection monitor, which
// tells the views when the server is back; HTTP errors become ApiError with the server's detail.
import { connection } from './connection.js';

const KEY_STORAGE = 'docket.apiKey';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code || null;
  }
}

/** A request that never reached the server (connection refused, reset, offline). */
export class NetworkError extends Error {
  constructor(cause) {
    super('Docket cannot be reached.');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

export const session = {
  get key() { return sessionStorage.getItem(KEY_STORAGE); },
  set key(value) {
    if (value) sessionStorage.setItem(KEY_STORAGE, value); else sessionStorage.removeItem(KEY_STORAGE);
  },
};

/** Listeners called when the server refuses the key (revoked while signed in). */
const unauthorizedListeners = new Set();
export function onUnauthorized(listener) { unauthorizedListeners.add(listener); }

function headers(extra, key = session.key) {
  const h = new Headers(extra);
  if (key) h.set('Authorization', `Bearer ${key}`);
  return h;
}

async function send(path, { method = 'GET', body, json, signal, key, raw = false } = {}) {
  const init = { method, signal, headers: headers(json !== undefined ? { 'Content-Type': 'application/json' } : {}, key), cache: 'no-store' };
  if (json !== undefined) init.body = JSON.stringify(json);
  else if (body !== undefined) init.body = body;
  let response;
  try {
    response = await fetch(`/v1/${path}`, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    connection.lost();
    throw new NetworkError(error);
  }
  connection.reached();
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON: keep the status alone */ }
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && key === undefined) unauthorizedListeners.forEach((l) => l(error));
    throw error;
  }
  if (raw) return response;
  const text = await response.text();
  return text.length ? JSON.parse(text) : null;
}

export const api = {
  get: (path, options) => send(path, options),
  post: (path, json, options) => send(path, { ...options, method: 'POST', json }),
  del: (path, options) => send(path, { ...options, method: 'DELETE' }),
  /** The bytes of a protected resource as an object URL (an <img src> cannot send the key). */
  async blobUrl(path, options) {
    const response = await send(path, { ...options, raw: true });
    const blob = await response.blob();
    return { url: URL.createObjectURL(blob), type: response.headers.get('Content-Type') || blob.type, size: blob.size, blob };
  },
  /** Checks a key without signing in with it. */
  checkKey: (key) => send('agent/executions?limit=1', { key }),
};

/**
 * Uploads one file as multipart/form-data with progress (fetch cannot report upload progress).
 * Resolves with the FileResponse.
 */
export function upload(file, onProgress, signal) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/v1/files?purpose=assistants');
    request.setRequestHeader('Authorization', `Bearer ${session.key}`);
    request.responseType = 'json';
    request.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    request.onload = () => {
      connection.reached();
      if (request.status === 201) resolve(request.response);
      else reject(new ApiError(request.status, request.response));
    };
    request.onerror = () => { connection.lost(); reject(new NetworkError(null)); };
    request.onabort = () => reject(new DOMException('Upload cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

export const TERMINAL = new Set(['completed', 'failed']);

/**
 * Follows an execution's Server-Sent Events (fetch, since EventSource cannot send the key).
 * Calls onStatus with each execution JSON. The server replays the history first, so a watch
 * that starts late or reconnects misses no state. Resolves after the terminal event; rejects
 * with NetworkError when the stream breaks before that (server gone).
 */
export async function watchExecution(id, onStatus, signal) {
  const response = await send(`agent/executions/${encodeURIComponent(id)}/events`, { raw: true, signal });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let terminal = false;
  try {
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw error;
        connection.lost();
        throw new NetworkError(error);
      }
      if (chunk.done) break;
      buffer += chunk.value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (!data) continue;
        const execution = JSON.parse(data);
        onStatus(execution);
        if (TERMINAL.has(execution.status)) terminal = true;
      }
    }
  } finally {
    reader.releaseLock();
  }
  if (!terminal && !signal?.aborted) {
    // The server closed the stream without the end: it went away mid-watch.
    connection.lost();
    throw new NetworkError(null);
  }
}
