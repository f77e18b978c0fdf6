// Model worker start-to-ready for silero VAD: fork → ONNX session → `ready`, with the built worker
// (out/gateway/model-worker.js, what the gateway runs; `node scripts/build.mjs gateway` first) and
// with the TypeScript source through tsx (what tests run). Also the worker's RSS, unload time, and
// VAD over 60 s of audio through IPC. Bounded: 7 starts of each, about 20 s in all.
// Run: node --import tsx test/bench/worker-start.ts
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { WorkerHost } from '../../gateway/engines/worker-host';
import { workerEntry, type WorkerEntry } from '../../gateway/engines/worker-entry';

const ROOT = join(import.meta.dirname, '..', '..');
const MODEL = '/work/shared/fixtures/models/silero-vad/silero_vad.onnx';
const RUNS = 7;

const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
mkdirSync(join(dir, 'onnx'));
symlinkSync(MODEL, join(dir, 'onnx', 'model.onnx'));

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms (min ${s[0]!.toFixed(0)}, max ${s.at(-1)!.toFixed(0)})`;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

async function measure(name: string, entry: WorkerEntry): Promise<void> {
  const host = new WorkerHost({ logger: pino({ level: 'silent' }), entry });
  const starts: number[] = [];
  const stops: number[] = [];
  const rss: number[] = [];
  let vadMs = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const handle = await host.start({ key: 'silero-vad', engine: 'silero-vad', snapshotDirs: { main: dir }, gpuDeviceIds: [], options: {} });
    starts.push(performance.now() - t0);
    rss.push(rssMb(handle.pids[0]!));
    if (i === 0) {
      const t1 = performance.now();
      await handle.run({ audio: new Float32Array(16_000 * 60) });
      vadMs = performance.now() - t1;
    }
    const t2 = performance.now();
    await handle.stop();
    stops.push(performance.now() - t2);
  }
  console.log(`${name}: start-to-ready ${stats(starts)}; unload ${stats(stops)}; worker RSS ${stats(rss).replace(/ ms/g, ' MB')}; VAD of 60 s audio ${vadMs.toFixed(0)} ms`);
}

const built = join(ROOT, 'out', 'gateway', 'model-worker.js');
if (existsSync(built)) await measure('built worker (out/gateway/model-worker.js)', { modulePath: built, execArgv: ['--enable-source-maps'] });
else console.log('built worker missing: run `node scripts/build.mjs gateway` first');
await measure('source worker through tsx', workerEntry());
rmSync(dir, { recursive: true, force: true });
