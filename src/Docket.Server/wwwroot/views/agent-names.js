// The agents a user can run: the server's built-in agents and the tenant's own (every version).
import { api } from '../api.js';

export async function listAgents() {
  const [builtins, own] = await Promise.all([
    api.get('agent/builtins').catch(() => []),
    api.get('agent?limit=1000').catch(() => []),
  ]);
  return { builtins, own };
}

/** Names for the agent filter and picker: built-ins, each own agent's name, and name:version. */
export async function agentNames() {
  const { builtins, own } = await listAgents();
  const names = new Set(builtins.map((a) => a.name));
  for (const agent of own) {
    names.add(agent.name.split(':')[0]);
    names.add(agent.name);
  }
  return [...names].sort();
}
