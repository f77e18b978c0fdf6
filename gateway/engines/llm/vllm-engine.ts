import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { EventBus } from '../../events/event-bus';
import type { Logger } from '../../logging/logger';
import { GatewayError } from '../../errors';
import { parseProxyOptions } from './llm-options';
import { vllmArgs, vllmEnv } from './vllm-args';
import { checkTensorParallelSize } from './tensor-parallel';
import { freePort } from './free-port';
import { EngineOutput } from './engine-output';
import type { ProcessRegistry } from './process-registry';
import { waitForReady } from './vllm-readiness';
import { VllmProcess } from './vllm-process';
import { watchdogArgv } from './parent-watchdog';
import type { LlmHandle } from './llm-handle';

export interface VllmDeps {
  /** VLLM_COMMAND, split into words. */
  command: readonly string[];
  /** MODEL_CACHE_DIR: vLLM's HF_HOME / HF_HUB_CACHE. */
  cacheDir: string;
  events: EventBus;
  logger: Logger;
  registry: ProcessRegistry;
  env?: NodeJS.ProcessEnv;
  timing?: Partial<VllmTiming>;
}

export interface VllmTiming {
  /** Readiness bound; large models on a cold compile cache take 10+ minutes (engines.md §4.3). */
  startupTimeoutMs: number;
  readyPollMs: number;
  probeIntervalMs: number;
  /** Consecutive failed health probes that mean the engine is dead. */
  probeFailures: number;
  probeTimeoutMs: number;
  /** SIGTERM → SIGKILL. */
  stopGraceMs: number;
}

export const VLLM_TIMING: VllmTiming = {
  startupTimeoutMs: 15 * 60_000, readyPollMs: 500, probeIntervalMs: 5000, probeFailures: 3, probeTimeoutMs: 2000, stopGraceMs: 10_000,
};

export interface VllmStart {
  key: string;
  snapshotDir: string;
  gpuDeviceIds: readonly number[];
  options: Record<string, unknown>;
  signal?: AbortSignal;
}

/**
 * Starts `vllm serve` for one model and resolves once it serves it. Every check that needs no GPU
 * (GPU count, tensor-parallel size, options) runs before the process starts; a failed start
 * leaves no process behind and explains itself with vLLM's own words.
 */
export async function startVllm(start: VllmStart, deps: VllmDeps): Promise<LlmHandle> {
  const timing = timingFor(start.options, deps.timing);
  if (start.gpuDeviceIds.length === 0) {
    throw new GatewayError('gpu_required', `Model "${start.key}" runs on vLLM, which needs at least one GPU.`, {
      param: 'gpu_device_ids', hint: 'Load it with "gpu_device_ids": [0] (or more GPUs); the GPUs page lists them.',
    });
  }
  checkTensorParallelSize(start.key, start.snapshotDir, start.gpuDeviceIds.length);
  const proxy = parseProxyOptions(start.options);
  const port = await freePort();
  const args = vllmArgs({ snapshotDir: start.snapshotDir, servedName: start.key, port, gpuDeviceIds: start.gpuDeviceIds, options: start.options });
  const output = new EngineOutput(start.key, deps.events, deps.logger);
  // vLLM listens on loopback, where any local user could reach it: its /v1 takes a key only the
  // gateway knows. Given in the environment, never on the command line (ps shows argv to all).
  const apiKey = randomBytes(24).toString('base64url');
  const child = await spawnGroup(deps, args, { ...vllmEnv(deps.env ?? process.env, start.gpuDeviceIds, deps.cacheDir), VLLM_API_KEY: apiKey });
  deps.registry.add(child.pid!, start.key, start.snapshotDir);
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (l) => output.line(l));
  const running = new VllmProcess(child, { key: start.key, port, apiKey, proxy, timing, registry: deps.registry, output, logger: deps.logger });
  try {
    await waitForReady({ key: start.key, baseUrl: running.baseUrl, process: running, output, timing, signal: start.signal });
  } catch (err) {
    await running.kill();
    throw err;
  }
  running.startHealthProbe();
  return running;
}

function timingFor(options: Record<string, unknown>, given: Partial<VllmTiming> = {}): VllmTiming {
  const timing = { ...VLLM_TIMING, ...given };
  const seconds = (name: string): number | null => {
    const v = options[name];
    if (v === undefined) return null;
    if (typeof v !== 'number' || !(v > 0) || v > 86_400) {
      throw new GatewayError('invalid_model_options', `Option "${name}" must be a number of seconds above 0.`, { param: `options.${name}` });
    }
    return v * 1000;
  };
  timing.startupTimeoutMs = seconds('startupTimeoutSeconds') ?? timing.startupTimeoutMs;
  timing.stopGraceMs = seconds('stopGraceSeconds') ?? timing.stopGraceMs;
  // A frozen engine (SIGSTOP, a stuck driver) is killed after probeFailures × interval.
  timing.probeIntervalMs = seconds('healthCheckIntervalSeconds') ?? timing.probeIntervalMs;
  timing.probeTimeoutMs = seconds('healthCheckTimeoutSeconds') ?? Math.min(timing.probeTimeoutMs, timing.probeIntervalMs);
  return timing;
}

/** Spawns in a new process group under the parent watchdog; a missing command is reported by its exit 127. */
function spawnGroup(deps: VllmDeps, args: string[], env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const [shell, shellArgs] = watchdogArgv([...deps.command, ...args]);
  return new Promise((resolve, reject) => {
    // stdin stays open: its end-of-file is how the watchdog learns that the gateway died.
    const child = spawn(shell, shellArgs, { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin!.on('error', () => undefined);
    child.once('spawn', () => resolve(child));
    child.once('error', (err: NodeJS.ErrnoException) => reject(new GatewayError('engine_load_failed', `Cannot run the vLLM command "${deps.command.join(' ')}": ${err.code ?? err.message}.`, {
      hint: 'Install vLLM (pip install vllm) where the gateway runs, or set VLLM_COMMAND to its path (for example /opt/venv/bin/vllm).',
      cause: err,
    })));
  });
}
