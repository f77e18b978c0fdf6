import pino from 'pino';
import { afterAll } from 'vitest';
import { WorkerHost } from '../../gateway/engines/worker-host';
import { EngineHosts } from '../../gateway/engines/engine-hosts';
import type { EngineHost } from '../../gateway/engines/engine-host';
import { ModelManager, type ModelManagerOptions } from '../../gateway/models/model-manager';
import { PlacementStore } from '../../gateway/models/placement-store';
import type { GpuInventory, ModelSource, SourceEntry } from '../../gateway/models/model-source';
import type { RuntimeEventInput, StreamMessage } from '../../gateway/contract/events';
import { isAlive, sileroSnapshot } from './silero-snapshot';
import { tempDir } from './temp-dir';

/** GPUs as the monitor reports them: index → [free, total] bytes. */
export function gpuInventory(gpus: Record<number, [number, number]>): GpuInventory & { registered: Map<number, string> } {
  const registered = new Map<number, string>();
  return {
    registered,
    gpuIndexes: () => Object.keys(gpus).map(Number),
    freeBytes: (i) => gpus[i]?.[0] ?? null,
    totalBytes: (i) => gpus[i]?.[1] ?? null,
    registerProcess: (pid, model) => registered.set(pid, model),
    unregisterProcess: (pid) => registered.delete(pid),
  };
}

/** A catalog of silero VAD models (real model, real worker), all downloaded unless listed otherwise. */
export function sileroSource(keys: string[], opts: { missing?: string[]; extra?: SourceEntry[] } = {}): ModelSource {
  const snapshot = sileroSnapshot();
  const entries = new Map<string, SourceEntry>(keys.map((key) => [key, { key, engine: 'silero-vad', vramBytes: 50 * 1024 ** 2 }]));
  for (const e of opts.extra ?? []) entries.set(e.key, e);
  return {
    keys: () => [...entries.keys()],
    entry: (key) => entries.get(key),
    isComplete: (key) => entries.has(key) && !opts.missing?.includes(key),
    snapshotDirs: () => ({ main: snapshot }),
  };
}

export interface ManagerFixture {
  manager: ModelManager;
  events: RuntimeEventInput[];
  messages: StreamMessage[];
  starts: { key: string; gpuDeviceIds: number[] }[];
  stateDir: string;
}

/** A model manager over real model workers, recording its events; every worker is killed after the file. */
export function managerFixture(options: Partial<ModelManagerOptions> & { source: ModelSource; stateDir?: string; extraHosts?: Record<string, EngineHost> }): ManagerFixture {
  const worker = new WorkerHost({ logger: pino({ level: 'silent' }), graceMs: 1000 });
  const starts: ManagerFixture['starts'] = [];
  const pids: number[] = [];
  const counting: EngineHost = {
    requiresGpu: false,
    async start(s) {
      starts.push({ key: s.key, gpuDeviceIds: s.gpuDeviceIds });
      const handle = await worker.start(s);
      pids.push(...handle.pids);
      return handle;
    },
  };
  const hosts = new EngineHosts().register('silero-vad', counting);
  for (const [name, host] of Object.entries(options.extraHosts ?? {})) hosts.register(name, host);
  const events: RuntimeEventInput[] = [];
  const messages: StreamMessage[] = [];
  const stateDir = options.stateDir ?? tempDir('passerelle-state-');
  const manager = new ModelManager({
    hosts, placements: new PlacementStore(stateDir), lazy: true,
    reporter: { record: (e) => events.push(e), publish: (m) => messages.push(m) },
    ...options,
  });
  afterAll(() => {
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  return { manager, events, messages, starts, stateDir };
}
