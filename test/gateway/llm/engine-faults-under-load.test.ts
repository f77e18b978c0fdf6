import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ModelEntry } from '../../../gateway/contract/models';
import { isAlive } from '../../../gateway/engines/llm/process-group';
import type { TestGateway } from '../../helpers/in-process-gateway';
import { tempDir } from '../../helpers/temp-dir';
import { fakeNvidiaSmi } from '../../helpers/fake-nvidia-smi';
import { vllmTestGateway } from '../../helpers/vllm-test-gateway';
import { readRecord } from '../../fixtures/fake-vllm';

/**
 * reliability.md F1 and F2 under load: 20 streamed and 20 non-streamed chat requests in flight
 * when the engine is SIGKILLed, then SIGSTOPped. Counts and bounds, not fine timings: every
 * client gets an error within its bound, new requests get 503 with Retry-After while the model
 * is down, the other model serves throughout, and `restart: on-failure` brings it back.
 */
const STREAMS = 20;
const PLAIN = 20;
// Each request would take 400 × 50 ms = 20 s: all are still running when the engine is hit.
const LONG = { max_tokens: 400 };
// The kill is seen at once (the process exits); a frozen engine after 3 probes of 0.5 s (+0.5 s timeout each).
const KILL_BOUND_MS = 3000;
const STOP_BOUND_MS = 8000;
const HEALTH = { healthCheckIntervalSeconds: 0.5, healthCheckTimeoutSeconds: 0.5 };

const dir = tempDir('passerelle-engine-faults-');
const record = join(dir, 'vllm-record.json');
let gw: TestGateway;
let client: OpenAI;

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const runtime = async (key: string) => (await json<ModelEntry>(await gw.admin(`/api/admin/models/${key}`))).runtime;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `ok` (bounded); returns every value seen on the way. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, bound = 30_000): Promise<T[]> {
  const seen: T[] = [];
  const end = Date.now() + bound;
  for (;;) {
    const v = await read();
    seen.push(v);
    if (ok(v)) return seen;
    if (Date.now() > end) throw new Error(`not reached within ${bound} ms; last: ${JSON.stringify(v)}`);
    await sleep(50);
  }
}

/** Requests running inside the fake engine (its /metrics), so the fault hits them in flight. */
async function engineRunning(key: string): Promise<number> {
  const base = gw.deps.modelManager!.handleOf(key)!.baseUrl!.replace(/\/v1$/, '');
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/vllm:num_requests_running\{[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
}

interface Outcome {
  kind: 'stream' | 'plain';
  ok: boolean;
  status?: number;
  code?: string;
  chunks: number;
  at: number;
}

/** One client: its result, and when it ended (Date.now, like the fault's time). */
async function ask(model: string, stream: boolean, body: Record<string, unknown>): Promise<Outcome> {
  let chunks = 0;
  const kind = stream ? 'stream' : 'plain';
  try {
    if (stream) {
      const s = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'go' }], stream: true, ...body });
      for await (const _ of s) chunks++;
    } else {
      await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'go' }], ...body });
    }
    return { kind, ok: true, chunks, at: Date.now() };
  } catch (err) {
    const e = err as InstanceType<typeof OpenAI.APIError>;
    return { kind, ok: false, status: e.status, code: (e as { code?: string }).code ?? undefined, chunks, at: Date.now() };
  }
}

async function load(key: string, gpu: number): Promise<void> {
  const res = await gw.admin(`/api/admin/models/${key}/load`, { method: 'POST', body: JSON.stringify({ gpu_device_ids: [gpu], restart: 'on-failure', max_restarts: 3, options: HEALTH }) });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** The 503 a new request gets while the model is down, and the gateway's own readiness meanwhile. */
async function whileDown(): Promise<void> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.token}` }, body: JSON.stringify({ model: 'qwen', messages: [{ role: 'user', content: 'x' }] }) });
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(['model_crashed', 'model_loading']).toContain((await json<{ error: { code: string } }>(res)).error.code);
  expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  expect(metrics).toMatch(/passerelle_model_health\{model="qwen",health="down"\} 1/);
  expect(metrics).toMatch(/passerelle_model_health\{model="qwen-b",health="ok"\} 1/);
}

/** 40 requests in flight on qwen and 4 streams on qwen-b, then `hit` the engine; returns the outcomes. */
async function underLoad(hit: (pid: number) => void): Promise<{ qwen: Outcome[]; other: Promise<Outcome[]>; hitAt: number; pid: number; corePid: number }> {
  const { pid, engineCorePid } = readRecord(record);
  const qwen = [...Array.from({ length: STREAMS }, () => ask('qwen', true, LONG)), ...Array.from({ length: PLAIN }, () => ask('qwen', false, LONG))];
  // The other model's streams span the fault (100 tokens × 50 ms).
  const other = Array.from({ length: 4 }, () => ask('qwen-b', true, { max_tokens: 100 }));
  await until(() => engineRunning('qwen'), (n) => n === STREAMS + PLAIN, 15_000);
  const hitAt = Date.now();
  hit(pid);
  return { qwen: await Promise.all(qwen), other: Promise.all(other), hitAt, pid, corePid: engineCorePid! };
}

function expectAllFailedWithin(outcomes: Outcome[], hitAt: number, boundMs: number): void {
  expect(outcomes.filter((o) => o.ok)).toEqual([]);
  for (const o of outcomes) {
    expect(o.at - hitAt, JSON.stringify(o)).toBeLessThan(boundMs);
    // A status: 502/503/504 for the plain ones; the stream's error event carries none over HTTP 200.
    if (o.kind === 'plain') expect([502, 503, 504]).toContain(o.status);
    // The engine's death (model_crashed) or the broken connection seen first (upstream_error): never a silent end.
    else expect(['model_crashed', 'upstream_error', 'upstream_timeout']).toContain(o.code);
  }
  // The streams were cut in the middle, not refused: they had tokens before the error.
  expect(outcomes.filter((o) => o.kind === 'stream' && o.chunks > 0)).toHaveLength(STREAMS);
}

beforeAll(async () => {
  // A start takes 3 s, so the model stays down for the backoff (1 s, then 2 s) and that long.
  gw = await vllmTestGateway({
    nvidiaSmi: fakeNvidiaSmi({ GPUS: '2' }), extraVllmKeys: ['qwen-b'],
    vllmKnobs: { FAKE_VLLM_RECORD: record, FAKE_VLLM_STARTUP_MS: '3000', FAKE_VLLM_ENGINE_CORE: '1', FAKE_VLLM_TOKEN_MS: '50' },
  });
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.token, maxRetries: 0, timeout: 60_000 });
  await load('qwen-b', 1);
  await load('qwen', 0); // last: the record file is qwen's
}, 60_000);

describe('engine faults under load (reliability.md F1, F2)', () => {
  it('SIGKILL with 40 requests in flight: every client fails within the bound, 503 + Retry-After while down, the other model serves, and the restart serves again', async () => {
    const { qwen, other, hitAt, pid, corePid } = await underLoad((p) => process.kill(p, 'SIGKILL'));
    expectAllFailedWithin(qwen, hitAt, KILL_BOUND_MS);
    const down = await runtime('qwen');
    expect(down).toMatchObject({ health: 'down', restartPolicy: 'on-failure', restarts: 1, lastFailure: { error: { code: 'model_crashed' } } });
    expect(['failed', 'loading']).toContain(down.state);
    await whileDown();
    expect((await other).map((o) => o.ok)).toEqual([true, true, true, true]);
    // No zombie: the engine core of the killed server went with it.
    expect(isAlive(pid)).toBe(false);
    expect(isAlive(corePid)).toBe(false);

    await until(() => runtime('qwen'), (r) => r.state === 'loaded');
    expect(await runtime('qwen')).toMatchObject({ health: 'ok', restarts: 1, gpuDeviceIds: [0] });
    expect(readRecord(record).pid).not.toBe(pid);
    expect((await ask('qwen', false, { max_tokens: 2 })).ok).toBe(true);
    expect(await (await fetch(`${gw.url}/metrics`)).text()).toMatch(/passerelle_model_restarts\{model="qwen"\} 1/);
  }, 90_000);

  it('SIGSTOP with 40 requests in flight: degraded, then killed by its probes; every client fails within the bound, and the restart serves again', async () => {
    const healths: string[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        healths.push((await runtime('qwen')).health ?? 'none');
        await sleep(50);
      }
    })();
    const { qwen, other, hitAt, pid, corePid } = await underLoad((p) => process.kill(p, 'SIGSTOP'));
    expectAllFailedWithin(qwen, hitAt, STOP_BOUND_MS);
    await until(() => runtime('qwen'), (r) => r.health === 'down', 5000);
    await whileDown();
    expect((await other).map((o) => o.ok)).toEqual([true, true, true, true]);
    watching = false;
    await watch;
    // ok → degraded (probes failing, requests still let through) → down (declared dead and killed).
    const changes = healths.filter((h, i) => h !== healths[i - 1]);
    expect(changes.slice(changes.indexOf('ok'), changes.indexOf('ok') + 3)).toEqual(['ok', 'degraded', 'down']);
    // The frozen process was killed, not left stopped.
    await until(async () => isAlive(pid) || isAlive(corePid), (alive) => !alive, 5000);

    await until(() => runtime('qwen'), (r) => r.state === 'loaded');
    expect(await runtime('qwen')).toMatchObject({ health: 'ok', restarts: 2 });
    expect((await ask('qwen', true, { max_tokens: 2 })).ok).toBe(true);
    const events = await json<{ events: { kind: string }[] }>(await gw.admin('/api/admin/events?model=qwen'));
    expect(events.events.filter((e) => e.kind === 'model.restarted')).toHaveLength(2);
  }, 90_000);
});
