// The LLM proxy's cost: the same load sent to the fake vLLM directly and through the gateway,
// streamed and not, at 1 and 64 connections, plus 512 concurrent streams checked chunk by chunk.
// Three processes on loopback: the fake, the gateway, and this load generator. Bounded (~1 min).
//   node --import tsx test/bench/proxy.ts
//   BENCH_PIN=1 taskset -c 0 node --import tsx test/bench/proxy.ts     (gateway alone on core 1)
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFakeServer } from '../fixtures/fake-vllm';
import { load } from './_load';

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
      res.on('end', () => (res.statusCode === 200 ? resolve({ firstMs, totalMs: performance.now() - started, text }) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Interleaved rounds (direct, gateway, direct, …) so machine noise hits both alike. */
async function latencyAtOne(direct: Target, gateway: Target, stream: boolean): Promise<void> {
  const agents = { direct: new Agent({ keepAlive: true, maxSockets: 1 }), gateway: new Agent({ keepAlive: true, maxSockets: 1 }) };
  const samples = { direct: [] as Array<{ firstMs: number; totalMs: number }>, gateway: [] as Array<{ firstMs: number; totalMs: number }> };
  for (let i = 0; i < 20; i++) {
    await once(agents.direct, direct, body(stream));
    await once(agents.gateway, gateway, body(stream));
  }
  for (let round = 0; round < 8; round++) {
    for (const which of ['direct', 'gateway'] as const) {
      for (let i = 0; i < 50; i++) samples[which].push(await once(agents[which], which === 'direct' ? direct : gateway, body(stream)));
    }
  }
  const field = stream ? 'firstMs' : 'totalMs';
  const d = samples.direct.map((s) => s[field]);
  const g = samples.gateway.map((s) => s[field]);
  const what = stream ? 'time to first token' : 'latency';
  console.log(`${stream ? 'streamed' : 'non-streamed'}, 1 connection, ${d.length} requests each: ${what} direct p50 ${ms(pct(d, 0.5))} p99 ${ms(pct(d, 0.99))}; via gateway p50 ${ms(pct(g, 0.5))} p99 ${ms(pct(g, 0.99))}; added p50 ${ms(pct(g, 0.5) - pct(d, 0.5))} p99 ${ms(pct(g, 0.99) - pct(d, 0.99))}`);
  agents.direct.destroy();
  agents.gateway.destroy();
}

/** CPU seconds (user + system) a process has used, from /proc (Linux; CLK_TCK = 100). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Closed-loop throughput, direct then through the gateway. The CPU each process spent per request
 * is the figure that does not depend on what else the machine runs: the gateway's is the proxy's
 * real cost, the fake's shows it is cheaper than the hop it is compared with.
 */
async function throughput(direct: Target, gateway: Target, stream: boolean, connections: number, pids: { fake: number; gateway: number }): Promise<void> {
  const run = (t: Target) => load(`${t.base}/chat/completions`, { connections, seconds: 4, method: 'POST', headers: { 'content-type': 'application/json', ...t.headers }, body: body(stream) });
  const fake0 = cpuSeconds(pids.fake);
  const d = await run(direct);
  const fake1 = cpuSeconds(pids.fake);
  const gw0 = cpuSeconds(pids.gateway);
  const g = await run(gateway);
  const gwCpu = (cpuSeconds(pids.gateway) - gw0) * 1000 / Math.max(1, g.requests);
  const fakeCpu = (fake1 - fake0) * 1000 / Math.max(1, d.requests);
  console.log(`${stream ? 'streamed' : 'non-streamed'}, ${connections} connections, 4 s: direct ${d.rps.toFixed(0)} req/s (p50 ${ms(d.p50Ms)}, p99 ${ms(d.p99Ms)}, ${d.errors} errors); via gateway ${g.rps.toFixed(0)} req/s (p50 ${ms(g.p50Ms)}, p99 ${ms(g.p99Ms)}, ${g.errors} errors); ratio ${(g.rps / d.rps).toFixed(2)}; CPU per request: fake ${ms(fakeCpu)}, gateway ${ms(gwCpu)}`);
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
  const argv = [...pin, process.execPath, '--import', 'tsx', join(import.meta.dirname, '_proxy-gateway.ts'), upstream];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  // The gateway logs on stdout too: the ready line is the one with the token.
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).on('line', (l) => l.includes('"token"') && resolve(l)));
  const ready = JSON.parse(line) as { url: string; token: string };
  return { label: 'gateway', base: `${ready.url}/v1`, headers: { authorization: `Bearer ${ready.token}` }, pid: child.pid! };
}

try {
  console.log(`proxy benchmark, ${new Date().toISOString()}, Node ${process.version}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const fake = await runFakeServer(dir, ['--served-model-name', 'qwen']);
  children.push(fake.child);
  const direct: Target = { label: 'direct', base: fake.baseUrl, headers: {}, pid: fake.child.pid! };
  const gateway = await startGatewayChild(fake.baseUrl);
  await latencyAtOne(direct, gateway, false);
  await latencyAtOne(direct, gateway, true);
  const pids = { fake: fake.child.pid!, gateway: gateway.pid };
  await throughput(direct, gateway, false, 64, pids);
  await throughput(direct, gateway, true, 64, pids);
  const paced = await runFakeServer(dir, ['--served-model-name', 'qwen'], { FAKE_VLLM_TOKEN_MS: '20' });
  children.push(paced.child);
  const pacedGateway = await startGatewayChild(paced.baseUrl);
  // The same load against an engine that paces its tokens like a real one (20 ms each): the
  // throughput a deployment sees, where the engine's time, not the hop's CPU, bounds the rate.
  const pacedDirect: Target = { label: 'direct', base: paced.baseUrl, headers: {}, pid: paced.child.pid! };
  console.log('engine pacing tokens at 20 ms (16 tokens per answer):');
  await throughput(pacedDirect, pacedGateway, false, 64, { fake: paced.child.pid!, gateway: pacedGateway.pid });
  await throughput(pacedDirect, pacedGateway, true, 64, { fake: paced.child.pid!, gateway: pacedGateway.pid });
  await manyStreams(pacedGateway);
} finally {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
