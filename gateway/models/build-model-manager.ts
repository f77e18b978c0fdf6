import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/registry';
import type { GpuMonitor } from '../gpu/gpu-monitor';
import { HubCache } from '../hub/cache';
import { EngineHosts } from '../engines/engine-hosts';
import { WorkerHost } from '../engines/worker-host';
import { workerEngines } from '../engines/worker-engines';
import { CacheModelSource } from './cache-model-source';
import { ModelManager } from './model-manager';
import type { RuntimeReporter } from './model-source';
import { monitorInventory } from './monitor-inventory';
import { PlacementStore } from './placement-store';
import type { CatalogEntry } from './presets';
import { registerRuntimeMetrics } from './runtime-metrics';

export interface ModelManagerDeps {
  config: Config;
  logger: Logger;
  reporter: RuntimeReporter;
  metrics: Metrics;
  gpus: GpuMonitor;
  /** The catalog's entries (presets and user entries). */
  entries: () => readonly CatalogEntry[];
  /** More engine hosts (vLLM, upstream), by engine name. */
  hosts?: (hosts: EngineHosts) => void;
}

/** The model manager of a gateway: ONNX engines run in workers; other hosts are added by `hosts`. */
export function buildModelManager(d: ModelManagerDeps): ModelManager {
  const log = d.logger.child({ component: 'models' });
  const hosts = new EngineHosts().register(Object.keys(workerEngines), new WorkerHost({ logger: log }));
  d.hosts?.(hosts);
  const manager = new ModelManager({
    source: new CacheModelSource(d.entries, new HubCache(d.config.modelCacheDir)),
    hosts, gpus: monitorInventory(d.gpus), reporter: d.reporter, lazy: d.config.lazyLoadModels,
    placements: new PlacementStore(d.config.stateDir, (err) => log.warn({ err }, 'cannot save the model placements')),
    drainMs: d.config.drainTimeoutMs,
  });
  registerRuntimeMetrics(d.metrics.registry, manager);
  return manager;
}
