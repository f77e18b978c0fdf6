// Model download throughput against curl, on loopback: the same 1 GiB file from the local test hub
// (its own process), fetched by curl and by the built gateway (POST …/download, sha256 checked while
// the bytes stream). Reports MB/s of each, the ratio (target ≥ 0.9) and the gateway's peak RSS
// (target ≤ 200 MB). Interleaved runs (curl, gateway, curl, gateway); best of each. About 1 minute.
//   npm run build && node --import tsx test/bench/download.ts      (BENCH_DOWNLOAD_MB=256 for a quick run)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedBytes } from '../fixtures/hub/hub-repo';

const SIZE = Number(process.env.BENCH_DOWNLOAD_MB ?? 1024) * 1024 * 1024;
const ROUNDS = 2;
const ADMIN = 'bench-admin-token-0123456789';
const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-download-'));
const children: ChildProcess[] = [];

async function makeFile(path: string): Promise<string> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  const block = generatedBytes(8 << 20, 42);
  for (let written = 0, i = 0; written < SIZE; i++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(block.length, SIZE - written)));
    chunk.writeUInt32LE(i, 0); // every block differs, so nothing can dedupe it
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
    written += chunk.length;
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

async function startChild(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; line: Record<string, unknown> }> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line.startsWith('{') || !line.includes('"url"')) continue;
    // Keep draining its stdout (logs), or a full pipe would slow the child down.
    lines.on('line', () => undefined);
    return { child, line: JSON.parse(line) as Record<string, unknown> };
  }
  throw new Error(`${args.join(' ')} exited before printing its URL`);
}

/** curl alone, and curl followed by sha256sum (what the gateway does, in one pass). */
interface CurlRun { mbps: number; withShaMbps: number; cpuSeconds: number; shaCpuSeconds: number }

/** CPU seconds (user + sys) of a command, with bash's `time`, and its stdout. */
/** curl alone, and curl followed by sha256sum (what the gateway does, in one pass); CPU of each. */
function curlOnce(url: string, sha: string): CurlRun {
  const out = join(dir, 'curl.bin');
  const run = (cmd: string): { stdout: string; cpu: number } => {
    const res = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; time ${cmd}`], { encoding: 'utf8' });
    const [user, sys] = res.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    return { stdout: res.stdout, cpu: user! + sys! };
  };
  const curl = run(`curl -sS -L -o ${out} -w '%{time_total} %{size_download}' ${url}`);
  const [seconds, bytes] = curl.stdout.split(' ').map(Number);
  if (bytes !== SIZE) throw new Error(`curl got ${bytes} bytes`);
  const t = performance.now();
  const sum = run(`sha256sum ${out}`);
  const shaSeconds = (performance.now() - t) / 1000;
  if (sum.stdout.split(' ')[0] !== sha) throw new Error('curl file differs');
  rmSync(out);
  return { mbps: SIZE / seconds! / 1e6, withShaMbps: SIZE / (seconds! + shaSeconds) / 1e6, cpuSeconds: curl.cpu, shaCpuSeconds: sum.cpu };
}

const perGiB = (seconds: number): number => Number((seconds * (2 ** 30 / SIZE)).toFixed(2));
const vmKb = (pid: number, field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** utime + stime of a process, in seconds (clock ticks of 10 ms). */
const cpuOf = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

async function gatewayOnce(hubUrl: string, round: number): Promise<{ mbps: number; peakRssMb: number; idleRssMb: number; cpuSeconds: number }> {
  const cache = join(dir, `cache-${round}`);
  const { child, line } = await startChild([join(root, 'out/gateway/cli.js')], { HF_ENDPOINT: hubUrl, MODEL_CACHE_DIR: cache, ADMIN_TOKEN: ADMIN, API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'warn', NVIDIA_SMI: '/nonexistent' });
  const base = line.url as string;
  const call = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' } });
  await call('/api/admin/models', { method: 'POST', body: JSON.stringify({ key: 'big', repo: 'bench/big', engine: 'nemo-tdt', task: 'transcription' }) });
  await new Promise((r) => setTimeout(r, 500));
  const idleRssMb = vmKb(child.pid!, 'VmRSS') / 1024;
  const cpuBefore = cpuOf(child.pid!);
  await call('/api/admin/models/big/download', { method: 'POST' });
  let seconds: number | undefined;
  while (seconds === undefined) {
    await new Promise((r) => setTimeout(r, 100));
    const { events } = (await (await call('/api/admin/events?model=big&kind=download')).json()) as { events: { kind: string; message: string; data?: { seconds?: number } }[] };
    const end = events.find((e) => e.kind === 'download.completed' || e.kind === 'download.failed');
    if (end?.kind === 'download.failed') throw new Error(end.message);
    seconds = end?.data?.seconds;
  }
  const peakRssMb = vmKb(child.pid!, 'VmHWM') / 1024;
  const cpuSeconds = cpuOf(child.pid!) - cpuBefore;
  child.kill('SIGTERM');
  await once(child, 'exit');
  rmSync(cache, { recursive: true, force: true });
  return { mbps: SIZE / seconds / 1e6, peakRssMb, idleRssMb, cpuSeconds };
}

try {
  if (!existsSync(join(root, 'out/gateway/cli.js'))) throw new Error('build the gateway first: node scripts/build.mjs gateway');
  const file = join(dir, 'model.bin');
  const t0 = performance.now();
  const sha = await makeFile(file);
  console.log(`generated ${SIZE / 2 ** 20} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s, sha256 ${sha.slice(0, 12)}…`);
  const { line } = await startChild(['--import', 'tsx', join(root, 'test/bench/_download-hub.ts'), file, sha]);
  const hubUrl = line.url as string;
  const curl: CurlRun[] = [];
  const gw: { mbps: number; peakRssMb: number; idleRssMb: number; cpuSeconds: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    curl.push(curlOnce(`${hubUrl}/bench/big/resolve/main/model.bin`, sha));
    gw.push(await gatewayOnce(hubUrl, round));
    console.log(`round ${round + 1}: curl ${curl.at(-1)!.mbps.toFixed(0)} MB/s (${curl.at(-1)!.withShaMbps.toFixed(0)} with sha256sum after), gateway ${gw.at(-1)!.mbps.toFixed(0)} MB/s, gateway peak RSS ${gw.at(-1)!.peakRssMb.toFixed(1)} MB; CPU s: curl ${curl.at(-1)!.cpuSeconds.toFixed(2)}, sha256sum ${curl.at(-1)!.shaCpuSeconds.toFixed(2)}, gateway ${gw.at(-1)!.cpuSeconds.toFixed(2)}`);
  }
  const bestCurl = Math.max(...curl.map((c) => c.mbps));
  const bestCurlSha = Math.max(...curl.map((c) => c.withShaMbps));
  const bestGw = Math.max(...gw.map((g) => g.mbps));
  const result = {
    sizeMiB: SIZE / 2 ** 20, curlMBps: Math.round(bestCurl), gatewayMBps: Math.round(bestGw), ratio: Number((bestGw / bestCurl).toFixed(2)),
    curlThenSha256sumMBps: Math.round(bestCurlSha), ratioToCurlThenSha256sum: Number((bestGw / bestCurlSha).toFixed(2)),
    cpuSecondsPerGiB: {
      curl: perGiB(Math.min(...curl.map((c) => c.cpuSeconds))), sha256sum: perGiB(Math.min(...curl.map((c) => c.shaCpuSeconds))),
      gateway: perGiB(Math.min(...gw.map((g) => g.cpuSeconds))),
    },
    gatewayPeakRssMB: Number(Math.max(...gw.map((g) => g.peakRssMb)).toFixed(1)), gatewayIdleRssMB: Number(Math.min(...gw.map((g) => g.idleRssMb)).toFixed(1)),
  };
  console.log(JSON.stringify(result));
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
