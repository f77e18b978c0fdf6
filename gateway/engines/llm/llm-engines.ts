import type { Config } from '../../config';
import type { EventBus } from '../../events/event-bus';
import type { Logger } from '../../logging/logger';
import type { EngineHosts } from '../engine-hosts';
import { ProcessRegistry } from './process-registry';
import { VllmHost } from './vllm-host';
import { UpstreamHost } from './upstream-engine';
import { ManagerLlmTargets, type LlmCatalog, type ModelLeaser } from './manager-llm-targets';
import type { LlmTargets } from './proxy/llm-targets';
import type { VllmTiming } from './vllm-engine';

export interface LlmEngines {
  /** Adds the `vllm` and `openai-upstream` hosts to the model manager's. */
  registerHosts(hosts: EngineHosts): void;
  /** What the /v1 LLM routes use to find a model's engine. */
  targets(catalog: LlmCatalog, manager: ModelLeaser): LlmTargets;
  /** At gateway stop, after the model manager stopped the engines. */
  close(): void;
}

/**
 * The LLM engines of a gateway. Built before anything loads, because it first kills the vLLM
 * process groups a previous gateway left running (it died without stopping them: SIGKILL, OOM
 * killer, power loss of the desktop app), which would hold GPU memory and fail the next load.
 */
export function createLlmEngines(d: { config: Config; events: EventBus; logger: Logger; vllmTiming?: Partial<VllmTiming> }): LlmEngines {
  const processes = new ProcessRegistry(d.config.stateDir);
  for (const stale of processes.killStale()) {
    d.events.record({
      level: 'warn', kind: 'engine.stale_killed', model: stale.model, data: { pgid: stale.pgid, pids: stale.pids },
      message: `Killed the vLLM processes of "${stale.model}" (group ${stale.pgid}, ${stale.pids.length} processes) that a previous gateway left running.`,
      hint: 'Their GPU memory is free again; load the model when needed.',
    });
  }
  const log = d.logger.child({ component: 'llm' });
  const vllm = new VllmHost({ command: d.config.vllmCommand, cacheDir: d.config.modelCacheDir, events: d.events, logger: log, registry: processes, timing: d.vllmTiming });
  const upstream = new UpstreamHost(log);
  return {
    registerHosts: (hosts) => void hosts.register('vllm', vllm).register('openai-upstream', upstream),
    targets: (catalog, manager) => new ManagerLlmTargets(catalog, manager),
    close: () => {
      processes.killAllNow();
      processes.close();
    },
  };
}
