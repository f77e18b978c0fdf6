import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { GpuMonitor, type GpuMonitorOptions } from '../../../gateway/gpu/gpu-monitor';
import type { GpuSampledMessage } from '../../../gateway/contract/gpus';
import type { RuntimeEventInput } from '../../../gateway/contract/events';
import { createLogger } from '../../../gateway/logging/logger';
import { LogCapture } from '../../helpers/log-capture';
import { fakeNvidiaSmi } from '../../helpers/fake-nvidia-smi';
import { tempDir } from '../../helpers/temp-dir';

const MIB = 1024 * 1024;
const monitors: GpuMonitor[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const m of monitors.splice(0)) m.stop();
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function monitor(command: string, over: Partial<GpuMonitorOptions> = {}) {
  const logs = new LogCapture();
  const events: RuntimeEventInput[] = [];
  const samples: GpuSampledMessage[] = [];
  const registry = new Registry();
  const m = new GpuMonitor({
    command, pollMs: 100, logger: createLogger('debug', { destination: logs }), cacheDir: tempDir(), hostInfo: false,
    appsIntervalMs: 200, backoff: { initialMs: 100, maxMs: 400, noDriverRetryMs: 300 }, registry,
    publish: (s) => samples.push(s), record: (e) => events.push(e), ...over,
  });
  monitors.push(m);
  m.start();
  return { m, logs, events, samples, registry };
}

async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A long-lived process, as a model worker would be. */
async function worker(): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
  children.push(c);
  await once(c, 'spawn');
  return c;
}

/** A process with a child, as vLLM with its tensor-parallel workers; resolves the child's PID. */
async function parentWithChild(): Promise<{ parent: ChildProcess; childPid: number }> {
  const parent = spawn(process.execPath, ['-e', "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' }); console.log(c.pid); process.on('SIGTERM', () => { c.kill(); process.exit(); }); setInterval(() => {}, 1e9);"], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(parent);
  const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
  const childPid = Number(line.toString().trim());
  children.push({ kill: () => process.kill(childPid, 'SIGKILL') } as unknown as ChildProcess);
  return { parent, childPid };
}

describe('GPU monitor with the fake nvidia-smi', () => {
  it('samples 8×H200 from one long-running nvidia-smi and publishes each sample', async () => {
    const log = join(tempDir(), 'calls.jsonl');
    const { m, samples } = monitor(fakeNvidiaSmi({ LOG: log }));
    await m.whenReady();
    await until(() => samples.length >= 5, 'five samples');
    const snap = m.snapshot();
    expect(snap.status.state).toBe('running');
    expect(m.hasDriver).toBe(true);
    expect(m.gpuIndexes()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(snap.gpus[0]).toMatchObject({ name: 'NVIDIA H200', memoryTotalBytes: 143771 * MIB, memoryUsedBytes: 0, powerLimitW: 700, pciBusId: '00000000:1B:00.0', processes: [] });
    expect(m.freeBytes(3)).toBe(143771 * MIB);
    expect(m.freeBytes(9)).toBeNull();
    expect(samples.at(-1)!.gpus).toHaveLength(8);
    const loops = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l).argv as string[]).filter((a) => a.some((x) => x.startsWith('--query-gpu=')));
    expect(loops).toHaveLength(1);
    expect(loops[0]).toEqual(expect.arrayContaining(['--format=csv,noheader,nounits', '-lms', '100']));
    expect(m.sampleProcessSpawns).toBe(1);
  });

  it('reports fields the driver lacks as null and leaves them out of the metrics', async () => {
    const { m, registry } = monitor(fakeNvidiaSmi({ GPUS: '1', NA: 'utilization.gpu,power.draw', NOT_SUPPORTED: 'power.limit' }));
    await m.whenReady();
    expect(m.snapshot().gpus).toHaveLength(1);
    expect(m.snapshot().gpus[0]).toMatchObject({ utilizationPct: null, powerW: null, powerLimitW: null, temperatureC: 30 });
    const text = await registry.metrics();
    expect(text).toMatch(/passerelle_gpu_memory_total_bytes\{gpu="0",uuid="GPU-[0-9a-f-]+",name="NVIDIA H200"\} 150754820096/);
    expect(text).not.toMatch(/passerelle_gpu_power_watts\{/);
    expect(text).toMatch(/passerelle_gpu_monitor_up 1/);
  });

  it('restarts nvidia-smi when it dies and keeps sampling', async () => {
    const { m, events, samples } = monitor(fakeNvidiaSmi({ GPUS: '2', EXIT_AFTER_LINES: '6', EXIT_CODE: '15' }));
    await until(() => m.status().restarts >= 2 && m.status().state === 'running', 'two restarts');
    const before = samples.length;
    await until(() => samples.length > before, 'a sample after the restart');
    expect(m.snapshot().gpus).toHaveLength(2);
    expect(events.some((e) => e.kind === 'gpu.monitor_restarted' && /code 15/.test(e.message))).toBe(true);
    expect(events.some((e) => e.kind === 'gpu.monitor_recovered')).toBe(true);
  });

  it('goes quiet without a driver, then picks the GPUs up when the driver answers again', async () => {
    const failFile = join(tempDir(), 'driver-down');
    writeFileSync(failFile, '');
    const { m, events, logs } = monitor(fakeNvidiaSmi({ GPUS: '2', FAIL_FILE: failFile }));
    await m.whenReady();
    expect(m.status().state).toBe('no_driver');
    expect(m.status().message).toMatch(/couldn't communicate with the NVIDIA driver/);
    expect(m.snapshot().gpus).toEqual([]);
    expect(m.hasDriver).toBe(false);
    await new Promise((r) => setTimeout(r, 1000)); // three quiet retries
    expect(events.filter((e) => e.kind === 'gpu.driver_not_found')).toHaveLength(1);
    expect(logs.lines.filter((l) => JSON.parse(l).level >= 40)).toHaveLength(1);
    rmSync(failFile);
    await until(() => m.status().state === 'running', 'the driver back');
    expect(m.gpuIndexes()).toEqual([0, 1]);
  });

  it('reports a GPU nvidia-smi stops listing as lost, once, to its listeners; the restarts of nvidia-smi itself lose none', async () => {
    const hide = join(tempDir(), 'hidden');
    const { m, events } = monitor(fakeNvidiaSmi({ GPUS: '3', HIDE_FILE: hide, EXIT_AFTER_LINES: '30' }));
    const lost: number[] = [];
    m.onGpuLost((gpu) => lost.push(gpu.index));
    await until(() => m.status().restarts >= 2, 'two nvidia-smi restarts');
    expect(lost).toEqual([]);
    writeFileSync(hide, '1');
    await until(() => lost.length > 0, 'GPU 1 lost', 15_000);
    expect(m.gpuIndexes()).toEqual([0, 2]);
    expect(events.filter((e) => e.kind === 'gpu.lost')).toMatchObject([{ level: 'error', data: { index: 1 } }]);
    rmSync(hide);
    await until(() => m.gpuIndexes().length === 3, 'GPU 1 back');
    expect(events.filter((e) => e.kind === 'gpu.appeared')).toMatchObject([{ data: { index: 1 } }]);
    expect(lost).toEqual([1]);
  });

  it('with no nvidia-smi at all: an empty list, no driver, no error', async () => {
    const { m, events } = monitor('/nonexistent/bin/nvidia-smi');
    await m.whenReady();
    expect(m.status()).toMatchObject({ state: 'no_driver', lastSampleAt: null });
    expect(m.status().message).toMatch(/ENOENT/);
    expect(m.gpuIndexes()).toEqual([]);
    expect(m.freeBytes(0)).toBeNull();
    expect(events.map((e) => e.kind)).toEqual(['gpu.driver_not_found']);
  });

  it('attributes GPU memory to the model whose worker (or its child) owns the PID', async () => {
    const state = join(tempDir(), 'gpu-state.json');
    const canary = await worker();
    const vllm = await parentWithChild();
    writeFileSync(state, JSON.stringify({ processes: [
      { pid: canary.pid, gpu: 2, usedMiB: 4096, name: '/usr/bin/node' },
      { pid: vllm.childPid, gpu: 5, usedMiB: 70_000, name: 'VLLM::Worker_TP1' },
      { pid: process.pid, gpu: 5, usedMiB: 1000, name: 'someone-else' },
    ] }));
    const { m, registry } = monitor(fakeNvidiaSmi({ STATE: state }));
    m.registerProcess(canary.pid!, 'canary');
    m.registerProcess(vllm.parent.pid!, 'qwen');
    await m.whenReady();
    await m.refreshProcesses();
    const g = m.snapshot().gpus;
    expect(g[2]!.processes).toEqual([{ pid: canary.pid, model: 'canary', usedBytes: 4096 * MIB, name: '/usr/bin/node' }]);
    expect(g[5]!.processes).toEqual([
      { pid: vllm.childPid, model: 'qwen', usedBytes: 70_000 * MIB, name: 'VLLM::Worker_TP1' },
      { pid: process.pid, usedBytes: 1000 * MIB, name: 'someone-else' },
    ]);
    await until(() => m.snapshot().gpus[2]!.memoryUsedBytes === 4096 * MIB, 'memory.used to follow the worker');
    expect(m.freeBytes(2)).toBe((143771 - 4096) * MIB);
    expect(await registry.metrics()).toMatch(/passerelle_gpu_model_memory_bytes\{gpu="5",model="qwen"\} 73400320000/);

    // Unload: the worker exits; nvidia-smi stops listing it and the memory comes back.
    m.unregisterProcess(canary.pid!);
    canary.kill('SIGKILL');
    await once(canary, 'exit');
    await m.refreshProcesses();
    expect(m.snapshot().gpus[2]!.processes).toEqual([]);
    await until(() => m.freeBytes(2) === 143771 * MIB, 'memory back');
  });

  it('keeps an hour of history at 1 Hz per GPU', async () => {
    const { m } = monitor(fakeNvidiaSmi({ GPUS: '2' }));
    await m.whenReady();
    await new Promise((r) => setTimeout(r, 2100));
    const h = m.history(1, 3600)!;
    expect(h.t.length).toBeGreaterThanOrEqual(2);
    expect(h.t.length).toBeLessThanOrEqual(4);
    expect(h.memoryUsedBytes.every((v) => v === 0)).toBe(true);
    expect(m.allHistory(60).map((x) => x.index)).toEqual([0, 1]);
    expect(m.history(7, 60)).toBeNull();
  });
});
