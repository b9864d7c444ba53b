// Cancel and re-run, shared by the list and the detail page.
import { api } from '../api.js';
import { announce, errorMessage } from '../dom.js';
import { rememberSubmitted } from './recent.js';

/** Cancels a pending or running execution; onDone gets the cancelled execution. */
export async function cancel(id, onDone) {
  try {
    const execution = await api.post(`agent/executions/${encodeURIComponent(id)}/cancel`, {});
    announce(`Execution ${id} cancelled.`);
    onDone?.(execution);
  } catch (error) {
    announce(`Could not cancel ${id}: ${errorMessage(error)}`, 'error');
  }
}

/**
 * Runs an execution again with the same agent, inputs and effective config (so the same
 * fingerprint): the request comes from GET …/{id}/request. onDone gets the new execution.
 */
export async function rerun(id, onDone) {
  try {
    const request = await api.get(`agent/executions/${encodeURIComponent(id)}/request`);
    const execution = await api.post('agent/execute', request);
    rememberSubmitted(execution);
    announce(`Re-run queued as ${execution.id}.`);
    onDone?.(execution);
    return execution;
  } catch (error) {
    announce(`Could not re-run ${id}: ${errorMessage(error)}`, 'error');
    return null;
  }
}
