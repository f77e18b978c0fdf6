// The LLM proxy's cost beside its anchors in the same run: the fake vLLM reached directly, through
// the gateway, and through Portkey's Node gateway (`@portkey-ai/gateway`, the nearest peer,
// installed by this benchmark into a temporary folder with npm, never a project dependency).
// At 1 connection: added latency over direct and CPU per request; at 64 connections against an
// engine that answers at once: each proxy's ceiling. Interleaved rounds (direct, gateway, Portkey,
// the order rotated each round), ratios with min / median / max. Then the paced engine (20 ms per
// token) and 512 concurrent streams checked chunk by chunk. Bounded (~2 min).
//   node --import tsx test/bench/proxy.ts
//   BENCH_PIN=1 taskset -c 0 node --import tsx test/bench/proxy.ts     (gateway alone on core 1)
//   BENCH_PROFILE=/tmp/prof    (the gateway runs with --cpu-prof, profiles written there)
//   BENCH_NO_PORTKEY=1         (offline: skip the peer)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFakeServer } from '../fixtures/fake-vllm';
import { freePort } from '../../gateway/engines/llm/free-port';
import { load } from './_load';

const PORTKEY = '@portkey-ai/gateway@1.15.2';
const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
const children: ChildProcess[] = [];
const TOKENS = 16;

interface Target { label: string; base: string; headers: Record<string, string>; pid: number }

const body = (stream: boolean, maxTokens = TOKENS) => JSON.stringify({ model: 'qwen', messages: [{ role: 'user', content: 'Say something short about Lyon.' }], max_tokens: maxTokens, stream });

/** One request; resolves with [ms to the first body byte, ms to the end, body]. */
function once(agent: Agent, t: Target, payload: string): Promise<{ firstMs: number; totalMs: number; text: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstMs = -1;
    let text = '';
    const req = request(`${t.base}/chat/completions`, { agent, method: 'POST', headers: { 'content-type': 'application/json', ...t.headers } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (firstMs < 0 && c.includes('"content"')) firstMs = performance.now() - started;
        text += c;
      });
      res.on('end', () => (res.statusCode === 200 ? resolve({ firstMs, totalMs: performance.now() - started, text }) : reject(new Error(`${t.label}: HTTP ${res.statusCode}: ${text.slice(0, 200)}`))));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;
const spread = (xs: number[], f: (x: number) => string = (x) => x.toFixed(2)) => `${f(Math.min(...xs))} / ${f(pct(xs, 0.5))} / ${f(Math.max(...xs))}`;

/** CPU milliseconds (user + system) a process has used, from /proc (Linux; CLK_TCK = 100). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Rounds of 100 requests per target at 1 connection, the order rotated each round. */
async function latencyAtOne(targets: Target[], stream: boolean): Promise<void> {
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const samples = targets.map(() => [] as number[]);
  const roundP50 = targets.map(() => [] as number[]);
  const cpu = targets.map(() => ({ ms: 0, requests: 0 }));
  for (const [i, t] of targets.entries()) for (let k = 0; k < 30; k++) await once(agents[i]!, t, body(stream));
  const field = stream ? 'firstMs' : 'totalMs';
  for (let round = 0; round < 8; round++) {
    for (let k = 0; k < targets.length; k++) {
      const i = (k + round) % targets.length;
      const t = targets[i]!;
      const c0 = cpuMs(t.pid);
      const mine: number[] = [];
      for (let n = 0; n < 100; n++) mine.push((await once(agents[i]!, t, body(stream)))[field]);
      cpu[i]!.ms += cpuMs(t.pid) - c0;
      cpu[i]!.requests += mine.length;
      samples[i]!.push(...mine);
      roundP50[i]!.push(pct(mine, 0.5));
    }
  }
  const what = stream ? 'time to first token' : 'latency';
  console.log(`${stream ? 'streamed' : 'non-streamed'}, 1 connection, 8 rounds of 100 requests each (${what}):`);
  const d = samples[0]!;
  for (const [i, t] of targets.entries()) {
    const added = i === 0 ? '' : `; added over direct: p50 ${ms(pct(samples[i]!, 0.5) - pct(d, 0.5))} (per round ${spread(roundP50[i]!.map((x, r) => x - roundP50[0]![r]!))}), p99 ${ms(pct(samples[i]!, 0.99) - pct(d, 0.99))}`;
    console.log(`  ${t.label.padEnd(8)} p50 ${ms(pct(samples[i]!, 0.5))} p99 ${ms(pct(samples[i]!, 0.99))}, CPU ${ms(cpu[i]!.ms / cpu[i]!.requests)} per request${added}`);
  }
  for (const a of agents) a.destroy();
}

/**
 * Closed-loop throughput at 64 connections, 3 s per target, rounds rotated. The CPU each process
 * spent per request does not depend much on what else the machine runs: it is the real cost.
 */
async function ceiling(targets: Target[], stream: boolean, rounds: number): Promise<void> {
  const rps = targets.map(() => [] as number[]);
  const cpu = targets.map(() => ({ ms: 0, requests: 0, errors: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const i = (k + round) % targets.length;
      const t = targets[i]!;
      const c0 = cpuMs(t.pid);
      const r = await load(`${t.base}/chat/completions`, { connections: 64, seconds: 3, method: 'POST', headers: { 'content-type': 'application/json', ...t.headers }, body: body(stream) });
      cpu[i]!.ms += cpuMs(t.pid) - c0;
      cpu[i]!.requests += r.requests;
      cpu[i]!.errors += r.errors;
      rps[i]!.push(r.rps);
    }
  }
  console.log(`${stream ? 'streamed' : 'non-streamed'}, 64 connections, ${rounds} rounds of 3 s each:`);
  for (const [i, t] of targets.entries()) {
    const vsDirect = i === 0 ? '' : `, / direct ${spread(rps[i]!.map((x, r) => x / rps[0]![r]!))}`;
    const vsPeer = t.label === 'gateway' && targets[2] ? `, / ${targets[2].label} ${spread(rps[i]!.map((x, r) => x / rps[2]![r]!))}` : '';
    console.log(`  ${t.label.padEnd(8)} ${spread(rps[i]!, (x) => x.toFixed(0))} req/s (min / median / max)${vsDirect}${vsPeer}; CPU ${ms(cpu[i]!.ms / Math.max(1, cpu[i]!.requests))} per request, ${cpu[i]!.errors} errors`);
  }
}

/** The same load against an engine that paces its tokens like a real one (20 ms each). */
async function paced(direct: Target, gateway: Target, stream: boolean): Promise<void> {
  const run = (t: Target) => load(`${t.base}/chat/completions`, { connections: 64, seconds: 4, method: 'POST', headers: { 'content-type': 'application/json', ...t.headers }, body: body(stream) });
  const d = await run(direct);
  const g0 = cpuMs(gateway.pid);
  const g = await run(gateway);
  const gwCpu = (cpuMs(gateway.pid) - g0) / Math.max(1, g.requests);
  console.log(`  ${stream ? 'streamed' : 'non-streamed'}, 64 connections, 4 s: direct ${d.rps.toFixed(0)} req/s, via gateway ${g.rps.toFixed(0)} req/s (${g.errors} errors), ratio ${(g.rps / d.rps).toFixed(2)}; gateway CPU ${ms(gwCpu)} per request`);
}

/** 512 streams at once, each of 32 tokens paced at 20 ms by the fake: every chunk must arrive. */
async function manyStreams(gateway: Target): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: 512 }, () => once(agent, gateway, body(true, 32))));
  const ok = results.filter((r): r is PromiseFulfilledResult<{ firstMs: number; totalMs: number; text: string }> => r.status === 'fulfilled');
  const complete = ok.filter((r) => (r.value.text.match(/"content":"[^"]+"/g) ?? []).length === 32 && r.value.text.endsWith('data: [DONE]\n\n'));
  const totals = ok.map((r) => r.value.totalMs);
  console.log(`512 concurrent streams of 32 tokens at 20 ms: ${complete.length}/512 complete with every chunk, ${results.length - ok.length} failed, stream duration p50 ${ms(pct(totals, 0.5))} p99 ${ms(pct(totals, 0.99))} (paced minimum 640 ms), wall ${ms(performance.now() - started)}`);
  agent.destroy();
}

async function startGatewayChild(upstream: string): Promise<Target> {
  // BENCH_PIN=1 (GetBusbar's method, reliability.md §1.1): the gateway gets core 1 to itself; run
  // the benchmark as `taskset -c 0 …` so the fake and the load generator share core 0.
  const pin = process.env.BENCH_PIN === '1' ? ['taskset', '-c', '1'] : [];
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const argv = [...pin, process.execPath, ...profile, '--import', 'tsx', join(import.meta.dirname, '_proxy-gateway.ts'), upstream];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  // The gateway logs on stdout too: the ready line is the one with the token.
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).on('line', (l) => l.includes('"token"') && resolve(l)));
  const ready = JSON.parse(line) as { url: string; token: string };
  return { label: 'gateway', base: `${ready.url}/v1`, headers: { authorization: `Bearer ${ready.token}` }, pid: child.pid! };
}

/** Portkey's gateway from npm, in a temporary folder, pointed at the same engine (custom host). */
async function startPortkey(upstream: string): Promise<Target | null> {
  if (process.env.BENCH_NO_PORTKEY === '1') return null;
  const folder = join(dir, 'portkey');
  const npm = spawnSync('npm', ['install', '--prefix', folder, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', PORTKEY], { encoding: 'utf8', timeout: 180_000 });
  if (npm.status !== 0) {
    console.log(`Portkey not installed (npm: ${(npm.stderr || npm.error?.message || '').trim().split('\n').at(-1)}): run without the peer`);
    return null;
  }
  const port = await freePort();
  const child = spawn(process.execPath, [join(folder, 'node_modules/@portkey-ai/gateway/build/start-server.js'), `--port=${port}`, '--headless'], {
    env: { PATH: process.env.PATH, TRUSTED_CUSTOM_HOSTS: '127.0.0.1' }, stdio: 'ignore',
  });
  children.push(child);
  const target: Target = { label: 'portkey', base: `http://127.0.0.1:${port}/v1`, headers: { authorization: 'Bearer unused', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstream }, pid: child.pid! };
  const agent = new Agent({ keepAlive: false });
  for (let i = 0; i < 200; i++) {
    if (await once(agent, target, body(false)).then(() => true, () => false)) return target;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('Portkey did not start');
}

try {
  console.log(`proxy benchmark, ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const fake = await runFakeServer(dir, ['--served-model-name', 'qwen']);
  children.push(fake.child);
  const direct: Target = { label: 'direct', base: fake.baseUrl, headers: {}, pid: fake.child.pid! };
  const gateway = await startGatewayChild(fake.baseUrl);
  const portkey = await startPortkey(fake.baseUrl);
  const all = portkey ? [direct, gateway, portkey] : [direct, gateway];
  // Portkey's streaming fails on Node 20 (its own Headers error, HTTP 500): streamed runs without it.
  const streamed = portkey && (await once(new Agent(), portkey, body(true)).then(() => true, (err: Error) => (console.log(`Portkey, streamed: ${err.message}; streamed figures without it`), false))) ? all : [direct, gateway];
  await latencyAtOne(all, false);
  await latencyAtOne(streamed, true);
  await ceiling(all, false, 3);
  await ceiling(streamed, true, 3);
  const pacedFake = await runFakeServer(dir, ['--served-model-name', 'qwen'], { FAKE_VLLM_TOKEN_MS: '20' });
  children.push(pacedFake.child);
  const pacedGateway = await startGatewayChild(pacedFake.baseUrl);
  const pacedDirect: Target = { label: 'direct', base: pacedFake.baseUrl, headers: {}, pid: pacedFake.child.pid! };
  console.log('engine pacing tokens at 20 ms (16 tokens per answer):');
  await paced(pacedDirect, pacedGateway, false);
  await paced(pacedDirect, pacedGateway, true);
  await manyStreams(pacedGateway);
} finally {
  for (const c of children) c.kill(process.env.BENCH_PROFILE ? 'SIGTERM' : 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
