import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import OpenAI from 'openai';
import { llmGateway } from './llm-gateway';
import { staticHandle } from './static-handle';
import { ConcurrencyGate } from '../../../gateway/http/concurrency-gate';

/** A scripted upstream: each model name is a fault (reliability.md F7). */
type Script = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => void;
const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const scripts: Record<string, Script> = {
  'http-500': (_q, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"EngineCore died","type":"InternalServerError","code":500}}'),
  'garbage': (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('<html>proxy error</html>'),
  'http-422': (_q, res) => res.writeHead(422, { 'content-type': 'application/json' }).end('{"detail":"temperature: Input should be less than or equal to 2"}'),
  'http-429': (_q, res) => res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' }).end('{"error":{"message":"slow down","type":"rate_limit_error"}}'),
  'http-401': (_q, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"Incorrect API key provided: sk-up...9xQz.","type":"invalid_request_error","code":"invalid_api_key"}}'),
  'truncated': (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk('one'));
    res.end(chunk('two'));
  },
  'cut': (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk('one'));
    setTimeout(() => res.socket?.destroy(), 50);
  },
  'cut-mid-event': (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk('one'));
    res.end(chunk('two').slice(0, 30));
  },
  'split-done': (_q, res) => {
    // The end marker in two TCP segments: the first holds no complete event.
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`${chunk('one')}data: [DO`);
    setTimeout(() => res.write('NE]'), 20);
    setTimeout(() => res.end('\n\n'), 40);
  },
  'continuous-usage': (_q, res) => {
    // vLLM's stream_options.continuous_usage_stats: running totals in every chunk, then the usage event.
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = (n: number, choices: unknown[]) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices, usage: { prompt_tokens: 5, completion_tokens: n, total_tokens: 5 + n } })}\n\n`;
    for (const n of [1, 2, 3]) res.write(event(n, [{ index: 0, delta: { content: 'x' }, finish_reason: null }]));
    res.end(`${event(3, [])}data: [DONE]\n\n`);
  },
  'stall-stream': (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk('one'));
  },
  'hang': () => undefined,
  'crlf': (_q, res, body) => {
    // sse-starlette's line ends, the usage event the gateway asked for, and [DONE], in odd cuts.
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const crlf = (data: string) => `data: ${data}\r\n\r\n`;
    const usage = JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 2, completion_tokens: 2 } });
    const all = crlf(JSON.stringify({ choices: [{ index: 0, delta: { content: 'un' } }] })) + crlf(JSON.stringify({ choices: [{ index: 0, delta: { content: 'deux' } }] })) + ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage ? crlf(usage) : '') + crlf('[DONE]');
    res.write(all.slice(0, 17));
    setTimeout(() => res.end(all.slice(17)), 20);
  },
  'slow-body': (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"id":"x",');
    res.on('close', () => (slowBodyClosedAt = Date.now()));
  },
  'firehose': (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.on('close', () => (firehoseClosedAt = Date.now()));
    const event = chunk('x'.repeat(1000));
    let i = 0;
    const pump = (): void => {
      while (i < FIREHOSE_EVENTS) {
        i++;
        firehoseWritten += event.length;
        if (!res.write(event)) return void res.once('drain', pump);
      }
      res.end('data: [DONE]\n\n');
    };
    pump();
  },
  'slow': (_q, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'slow', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } })), 300),
  'mapped-name': (_q, res, body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: `you asked for ${String(body.model)}` }, finish_reason: 'stop' }] })),
};

const FIREHOSE_EVENTS = 30_000;
let firehoseWritten = 0;
let slowBodyClosedAt = 0;
let firehoseClosedAt = 0;
let upstream: Server;
let base: string;
let t: Awaited<ReturnType<typeof llmGateway>>;
const handles: Record<string, ReturnType<typeof staticHandle>> = {};

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString()) as Record<string, unknown>;
      scripts[String(body.model)]?.(req, res, body);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  t = await llmGateway();
  for (const name of Object.keys(scripts)) {
    const options = name === 'slow' ? { maxConcurrency: 1, maxQueue: 1 } : name === 'slow-body' || name === 'firehose' ? { idleTimeoutMs: 10_000 } : { firstByteTimeoutMs: 400, idleTimeoutMs: 300 };
    const key = name === 'mapped-name' ? 'local-alias' : name;
    handles[key] = staticHandle(key, base, options, name);
    t.registry.add(handles[key]);
  }
  // The same firehose, with a short bound: a client that stops reading is cut after it.
  t.registry.add(staticHandle('firehose-strict', base, { idleTimeoutMs: 300 }, 'firehose'));
});
afterAll(() => {
  upstream.closeAllConnections();
  upstream.close();
});

const ask = (model: string, stream = false) => fetch(`${t.gw.url}/v1/chat/completions`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.gw.token}` },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'x' }], stream }),
});
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; type: string; param: string | null } }).error;

describe('proxy faults (reliability.md F2, F6, F7)', () => {
  it('maps an engine 5xx to 502 upstream_error, with the engine\'s words', async () => {
    const res = await ask('http-500');
    expect(res.status).toBe(502);
    const e = await errorOf(res);
    expect(e).toMatchObject({ code: 'upstream_error', type: 'api_error' });
    expect(e.message).toContain('EngineCore died');
  });

  it('maps a body that is not JSON to 502 upstream_error', async () => {
    const res = await ask('garbage');
    expect(res.status).toBe(502);
    expect((await errorOf(res)).code).toBe('upstream_error');
  });

  it('answers an engine 401 (the gateway\'s key to it) with 502, not passing the engine\'s words or status on', async () => {
    const res = await ask('http-401');
    expect(res.status).toBe(502);
    const e = await errorOf(res);
    expect(e).toMatchObject({ code: 'upstream_error', type: 'api_error' });
    expect(e.message).toContain('refused the gateway\'s credentials');
    expect(JSON.stringify(e)).not.toContain('9xQz');
    expect(handles['http-401']!.checks).toBeGreaterThan(0);
    const err = await t.client.chat.completions.create({ model: 'http-401', messages: [{ role: 'user', content: 'x' }] }).catch((x: unknown) => x);
    expect(err).not.toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err).toBeInstanceOf(OpenAI.APIError);
  });

  it('passes a 4xx on in the OpenAI shape, and a 429 with its Retry-After', async () => {
    const res = await ask('http-422');
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toMatchObject({ type: 'invalid_request_error', message: 'temperature: Input should be less than or equal to 2' });
    const limited = await ask('http-429');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await errorOf(limited)).type).toBe('rate_limit_error');
  });

  it.each(['truncated', 'cut'])('ends a %s stream with an error event and never [DONE]', async (model) => {
    const res = await ask(model, true);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"content":"one"');
    expect(text).not.toContain('data: [DONE]');
    const last = text.trim().split('\n\n').at(-1)!;
    expect(JSON.parse(last.slice('data: '.length)).error.code).toBe('upstream_error');
    expect(handles[model]!.checks).toBeGreaterThan(0);
  });

  it('drops an event the engine cut in the middle, so the final error event stays whole', async () => {
    const text = await (await ask('cut-mid-event', true)).text();
    const events = text.trim().split('\n\n');
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[0]!.slice('data: '.length)).choices[0].delta.content).toBe('one');
    expect(JSON.parse(events[1]!.slice('data: '.length)).error.code).toBe('upstream_error');
    const stream = await t.client.chat.completions.create({ model: 'cut-mid-event', messages: [{ role: 'user', content: 'x' }], stream: true });
    const err = await (async () => {
      for await (const _ of stream) { /* read */ }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
  });

  it('sees an end marker that arrives in pieces, and ends the stream without an error', async () => {
    const text = await (await ask('split-done', true)).text();
    expect(text).toBe(`${chunk('one')}data: [DONE]\n\n`);
    const stream = await t.client.chat.completions.create({ model: 'split-done', messages: [{ role: 'user', content: 'x' }], stream: true });
    let content = '';
    for await (const c of stream) content += c.choices[0]?.delta.content ?? '';
    expect(content).toBe('one');
  });

  it('counts the tokens of a stream with running usage totals once, not once per chunk', async () => {
    const res = await fetch(`${t.gw.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.gw.token}` },
      body: JSON.stringify({ model: 'continuous-usage', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true, continuous_usage_stats: true } }),
    });
    expect(await res.text()).toContain('data: [DONE]');
    const metrics = await (await t.gw.admin('/metrics')).text();
    expect(metrics).toMatch(/passerelle_llm_tokens_total\{key="[^"]+",model="continuous-usage",kind="completion"\} 3\n/);
    expect(metrics).toMatch(/passerelle_llm_tokens_total\{key="[^"]+",model="continuous-usage",kind="prompt"\} 5\n/);
  });

  it('the openai client sees a broken stream as an error', async () => {
    const client = t.client;
    const stream = await client.chat.completions.create({ model: 'cut', messages: [{ role: 'user', content: 'x' }], stream: true });
    const err = await (async () => {
      for await (const _ of stream) { /* read */ }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(String((err as Error).message)).toContain('broken stream');
  });

  it('answers 504 upstream_timeout when the engine hangs before answering', async () => {
    const started = Date.now();
    const res = await ask('hang');
    expect(res.status).toBe(504);
    expect((await errorOf(res)).code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ends a stream that stalls with an upstream_timeout error event', async () => {
    const text = await (await ask('stall-stream', true)).text();
    expect(text).not.toContain('data: [DONE]');
    expect(text).toContain('"code":"upstream_timeout"');
  });

  it('answers 504 upstream_timeout when the engine does not accept the connection within connectTimeoutSeconds', async () => {
    // A listener that never accepts, its backlog of 0 already taken: the next connect hangs.
    const listener = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0);print(s.getsockname()[1],flush=True);time.sleep(60)']);
    try {
      const port = Number(await new Promise<string>((resolve) => listener.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
      const filler = connect(port, '127.0.0.1');
      await new Promise((resolve) => filler.once('connect', resolve));
      const handle = staticHandle('no-accept', `http://127.0.0.1:${port}/v1`, { connectTimeoutMs: 300, firstByteTimeoutMs: 5000 });
      t.registry.add(handle);
      const started = Date.now();
      const res = await ask('no-accept');
      expect(res.status).toBe(504);
      const e = await errorOf(res);
      expect(e.code).toBe('upstream_timeout');
      expect(e.message).toContain('did not accept the connection within 0.3 s');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(handle.checks).toBeGreaterThan(0);
      filler.destroy();
    } finally {
      listener.kill();
    }
  });

  it('bounds concurrency and queue per model: past them, 503 server_overloaded with Retry-After', async () => {
    const results = await Promise.all([ask('slow'), ask('slow'), ask('slow'), ask('slow')]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 503, 503]);
    const rejected = results.find((r) => r.status === 503)!;
    expect(rejected.headers.get('retry-after')).toBe('1');
    expect((await errorOf(rejected)).code).toBe('server_overloaded');
  });

  it('routes by catalog key and renames the model to the upstream\'s name', async () => {
    const answer = await t.client.chat.completions.create({ model: 'local-alias', messages: [{ role: 'user', content: 'x' }] });
    expect(answer.choices[0]!.message.content).toBe('you asked for mapped-name');
    const byServedName = await t.client.chat.completions.create({ model: 'mapped-name', messages: [{ role: 'user', content: 'x' }] });
    expect(byServedName.choices[0]!.message.content).toBe('you asked for mapped-name');
  });

  it('pauses reading the engine while the client does not read, and loses no event (F5)', async () => {
    const res = await new Promise<IncomingMessage>((resolve) => {
      const req = request(`${t.gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.gw.token}` } }, resolve);
      req.end(JSON.stringify({ model: 'firehose', messages: [{ role: 'user', content: 'x' }], stream: true }));
    });
    res.pause();
    await new Promise((r) => setTimeout(r, 500));
    const total = FIREHOSE_EVENTS * chunk('x'.repeat(1000)).length;
    // Socket buffers on both hops hold a few MB at most; without backpressure all 30 MB would be read.
    expect(firehoseWritten).toBeLessThan(total / 3);
    let text = '';
    res.setEncoding('utf8');
    for await (const part of res) text += part;
    expect(text.split('"content":"xxx').length - 1).toBe(FIREHOSE_EVENTS);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('aborts the engine request when the client leaves while a non-streamed body is still arriving', async () => {
    const controller = new AbortController();
    const pending = fetch(`${t.gw.url}/v1/chat/completions`, {
      method: 'POST', signal: controller.signal, headers: { 'content-type': 'application/json', authorization: `Bearer ${t.gw.token}` },
      body: JSON.stringify({ model: 'slow-body', messages: [{ role: 'user', content: 'x' }] }),
    }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 150));
    const abortedAt = Date.now();
    controller.abort();
    expect(await pending).toBe('aborted');
    for (let i = 0; i < 50 && slowBodyClosedAt === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(slowBodyClosedAt).toBeGreaterThanOrEqual(abortedAt);
    expect(slowBodyClosedAt - abortedAt).toBeLessThan(1000);
  });

  it('cuts a client that stops reading for longer than the idle bound, and stops reading the engine (F5)', async () => {
    const res = await new Promise<IncomingMessage>((resolve) => {
      const req = request(`${t.gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.gw.token}` } }, resolve);
      req.end(JSON.stringify({ model: 'firehose-strict', messages: [{ role: 'user', content: 'x' }], stream: true }));
    });
    res.pause();
    firehoseClosedAt = 0;
    const pausedAt = Date.now();
    // Never reads: the gateway must give up on it and release the engine's stream by itself.
    for (let i = 0; i < 150 && firehoseClosedAt === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(firehoseClosedAt).toBeGreaterThan(0);
    expect(firehoseClosedAt - pausedAt).toBeLessThan(2000);
    res.destroy();
  });

  it('relays an engine that ends its SSE lines with CRLF, cut anywhere', async () => {
    const stream = await t.client.chat.completions.create({ model: 'crlf', messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    let usageSeen = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageSeen = true;
    }
    expect(text).toBe('undeux');
    expect(usageSeen).toBe(false);
  });

  it('ends a stream with a model_not_loaded error event when the model is unloaded under it', async () => {
    const lease = new AbortController();
    const handle = staticHandle('unloadable', base, { idleTimeoutMs: 10_000 }, 'stall-stream');
    const gate = new ConcurrencyGate('unloadable', 4, 4, 1000);
    const registry = t.registry;
    t.gw.deps.llmTargets = { acquire: async (model) => (model === 'unloadable' ? { handle, gate, signal: lease.signal, release: () => undefined } : registry.acquire(model)) };
    try {
      const res = await ask('unloadable', true);
      const reader = res.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('"content":"one"');
      const stoppedAt = Date.now();
      lease.abort(new Error('unloaded'));
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
      expect(Date.now() - stoppedAt).toBeLessThan(1000);
      expect(rest).not.toContain('data: [DONE]');
      expect(JSON.parse(rest.trim().split('\n\n').at(-1)!.slice('data: '.length)).error).toMatchObject({ code: 'model_not_loaded', type: 'service_unavailable_error' });
    } finally {
      t.gw.deps.llmTargets = registry;
    }
  });
});
