// GPU monitor cost per sample, 8 GPUs (target ≤ 1 ms CPU per sample, never a process per sample;
// reliability.md §1.5). `node --import tsx test/bench/gpu-monitor.ts`, about 20 s, loopback only.
//  1. in-process: recorded 8×H200 ticks pushed through the monitor's pipe reader (parser, tick
//     assembly, ring buffers, gpu.sampled published to an event bus), with and without one SSE
//     client's JSON serialisation; the same loop with no monitor is subtracted.
//  2. real processes: the monitor runs the fake nvidia-smi in loop mode; the gateway process's CPU
//     per sample is measured and every nvidia-smi invocation is counted.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { GpuMonitor } from '../../gateway/gpu/gpu-monitor';
import { SampleRing } from '../../gateway/gpu/sample-ring';
import { parseGpuLine } from '../../gateway/gpu/parse-nvidia-smi';
import { EventBus } from '../../gateway/events/event-bus';
import { EventLog } from '../../gateway/events/event-log';
import { createLogger } from '../../gateway/logging/logger';
import { FAKE_NVIDIA_SMI } from '../helpers/fake-nvidia-smi';
import { writeFileSync, chmodSync } from 'node:fs';

const logger = createLogger('silent');
const tick = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'nvidia-smi', 'h200x8-query-gpu.csv'), 'utf8');
const SAMPLES = 20_000;
const yieldLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

/** A child whose stdout the benchmark writes: the monitor reads it exactly as a real pipe. */
function pipeChild(stdout: PassThrough): ChildProcess {
  const child = Object.assign(new EventEmitter(), { stdout, stderr: new PassThrough(), kill: () => true });
  return child as unknown as ChildProcess;
}

async function pushTicks(withMonitor: boolean, sseClient: boolean): Promise<number> {
  const stdout = new PassThrough();
  const bus = new EventBus(new EventLog({ dir: null }));
  if (sseClient) bus.subscribe((m) => void JSON.stringify(m));
  let monitor: GpuMonitor | null = null;
  if (withMonitor) {
    monitor = new GpuMonitor({ command: 'nvidia-smi', pollMs: 1000, logger, cacheDir: tmpdir(), hostInfo: false, appsIntervalMs: 3_600_000, spawnProcess: () => pipeChild(stdout), publish: (m) => bus.publish(m) });
    monitor.start();
  } else stdout.on('data', () => {});
  // Warm up, then measure. Time advances 1 s per tick as at 1 Hz so every sample reaches the history.
  let fakeNow = Date.now();
  const realNow = Date.now;
  Date.now = () => fakeNow;
  for (let i = 0; i < 500; i++, fakeNow += 1000) { stdout.write(tick); await yieldLoop(); }
  const start = process.cpuUsage();
  for (let i = 0; i < SAMPLES; i++, fakeNow += 1000) { stdout.write(tick); await yieldLoop(); }
  const used = cpuMs(process.cpuUsage(start));
  Date.now = realNow;
  if (monitor) {
    const h = monitor.history(0, 3600)!;
    if (monitor.gpuIndexes().length !== 8 || h.t.length !== 3600) throw new Error(`monitor did not keep up: ${monitor.gpuIndexes().length} GPUs, ${h.t.length} points`);
    monitor.stop();
  }
  return used / SAMPLES;
}

async function idleCpuMs(seconds: number): Promise<number> {
  const start = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return cpuMs(process.cpuUsage(start));
}

async function realProcess(seconds: number, pollMs: number): Promise<{ samples: number; cpuMs: number; appsPollMs: number; spawns: Record<string, number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gpu-'));
  const log = join(dir, 'calls.jsonl');
  const smi = join(dir, 'nvidia-smi');
  writeFileSync(smi, `#!/bin/sh\nexport FAKE_NVIDIA_SMI_LOG='${log}'\nexec '${process.execPath}' '${FAKE_NVIDIA_SMI}' "$@"\n`);
  chmodSync(smi, 0o755);
  let samples = 0;
  const monitor = new GpuMonitor({ command: smi, pollMs, logger, cacheDir: dir, hostInfo: false, publish: () => samples++ });
  monitor.start();
  await monitor.whenReady(10_000);
  const from = samples;
  const start = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = cpuMs(process.cpuUsage(start));
  const taken = samples - from;
  const calls = readFileSync(log, 'utf8');
  const appsStart = process.cpuUsage();
  for (let i = 0; i < 10; i++) await monitor.refreshProcesses();
  const appsPollMs = cpuMs(process.cpuUsage(appsStart)) / 10;
  monitor.stop();
  const spawns: Record<string, number> = {};
  for (const line of calls.trim().split('\n')) {
    const argv = (JSON.parse(line) as { argv: string[] }).argv;
    const kind = argv.find((a) => a.startsWith('--query-'))?.split('=')[0] ?? argv.join(' ');
    spawns[kind] = (spawns[kind] ?? 0) + 1;
  }
  rmSync(dir, { recursive: true, force: true });
  return { samples: taken, cpuMs: used, appsPollMs, spawns };
}

const base = await pushTicks(false, false);
const monitorOnly = await pushTicks(true, false);
const withClient = await pushTicks(true, true);
console.log(`in-process, ${SAMPLES} samples of 8 GPUs (CPU per sample):`);
console.log(`  pipe loop alone             ${(base * 1000).toFixed(1)} µs`);
console.log(`  + monitor (parse, rings, publish)  ${((monitorOnly - base) * 1000).toFixed(1)} µs net`);
console.log(`  + one SSE client's JSON     ${((withClient - base) * 1000).toFixed(1)} µs net`);
/** GET /api/gpus?historySeconds=3600 with full rings: building the columns and the JSON. */
function fullHistoryPayload(): { ms: number; megabytes: number } {
  const readings = tick.trim().split('\n').map((l) => parseGpuLine(l)!);
  const rings = readings.map((r) => new SampleRing(r.uuid));
  for (let s = 0; s < 3600; s++) rings.forEach((ring, i) => ring.add(s * 1000, readings[i]!));
  let best = Infinity;
  let bytes = 0;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    bytes = JSON.stringify({ history: rings.map((ring, i) => ring.window(i, 3600, 3_600_000)) }).length;
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, megabytes: bytes / 1e6 };
}

const SECONDS = 6;
const idle = await idleCpuMs(SECONDS);
console.log(`idle gateway-less process over ${SECONDS} s: ${idle.toFixed(1)} ms CPU (subtracted below)`);
for (const pollMs of [1000, 100]) {
  const r = await realProcess(SECONDS, pollMs);
  const net = r.cpuMs - idle;
  const polls = r.spawns['--query-compute-apps'] ?? 0;
  const perSample = (net - polls * r.appsPollMs) / Math.max(1, r.samples);
  console.log(`real fake nvidia-smi, GPU_POLL_MS=${pollMs}: ${r.samples} samples in ${SECONDS} s, ${net.toFixed(1)} ms CPU net; one compute-apps poll (a spawn, every 5 s) ${r.appsPollMs.toFixed(1)} ms; sample path ${perSample > 0 ? `≈ ${(perSample * 1000).toFixed(0)} µs per sample` : 'below the noise of the idle baseline'}; nvidia-smi invocations: ${JSON.stringify(r.spawns)}`);
}
// Last: its large arrays would otherwise be collected during the process runs above.
const payload = fullHistoryPayload();
console.log(`GET /api/gpus?historySeconds=3600, 8 GPUs with a full hour: ${payload.ms.toFixed(1)} ms to build and serialise (best of 5), ${payload.megabytes.toFixed(2)} MB of JSON`);
const worst = Math.max(monitorOnly - base, withClient - base);
console.log(worst <= 1 ? `OK: ≤ 1 ms per sample (${(worst * 1000).toFixed(1)} µs)` : `OVER TARGET: ${(worst * 1000).toFixed(1)} µs per sample`);
