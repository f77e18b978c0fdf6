import { json } from '../helpers/json';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { connect } from 'node:net';
import { spawn } from 'node:child_process';
import { CLI, spawnGateway } from '../helpers/gateway-process';
import { tempDir } from '../helpers/temp-dir';

const ADMIN = 'cli-admin-token-0000000001';

describe('passerelle-gateway CLI', () => {
  it('drains on SIGTERM: readiness 503, the in-flight request finishes, new ones are refused, exit 0', async () => {
    const gw = await spawnGateway({ MODEL_CACHE_DIR: tempDir(), ADMIN_TOKEN: ADMIN, DRAIN_TIMEOUT_SECONDS: '10' });
    const url = new URL(gw.ready.url);
    // An in-flight request: its body arrives slowly, across the signal.
    const body = JSON.stringify({ name: 'in-flight' });
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.write(`POST /api/admin/keys HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${ADMIN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    await new Promise((r) => setTimeout(r, 200));
    gw.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const ready = await fetch(`${gw.ready.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await json(ready)).toEqual({ status: 'draining' });
    const refused = await fetch(`${gw.ready.url}/v1/models`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await json(refused)).error.code).toBe('gateway_draining');
    socket.write(body.slice(5));
    const { code } = await gw.exited;
    expect(code).toBe(0);
    expect(answer).toMatch(/^HTTP\/1\.1 201/);
    expect(answer).toContain('"name":"in-flight"');
    await expect(fetch(`${gw.ready.url}/healthz`)).rejects.toThrow();
  });

  it('a port in use is a clear error and a non-zero exit, never another port', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, [CLI], { env: { PATH: process.env.PATH ?? '', MODEL_CACHE_DIR: tempDir(), API_HOST: '127.0.0.1', API_PORT: String(port) } });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code).toBe(1);
      expect(stderr).toContain(`Port ${port}`);
      expect(stderr).toMatch(/API_PORT/);
      expect(stdout).not.toContain('"event":"ready"');
    } finally {
      holder.close();
    }
  });

  it('never writes a secret to its logs, whatever the requests', async () => {
    const hfToken = 'hf_secretTokenValue1234567890';
    const envKey = 'env-key-secret-0987654321';
    const gw = await spawnGateway({ MODEL_CACHE_DIR: tempDir(), ADMIN_TOKEN: ADMIN, HUGGINGFACE_TOKEN: hfToken, OPENAI_API_KEYS: envKey, LOG_LEVEL: 'trace' });
    const base = gw.ready.url;
    await fetch(`${base}/v1/models`, { headers: { authorization: `Bearer ${envKey}` } });
    await fetch(`${base}/v1/models`, { headers: { authorization: 'Bearer psk_guessed-wrong-key-123456' } });
    await fetch(`${base}/v1/models?api_key=${envKey}`);
    const created = await json(fetch(`${base}/api/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'leak-check' }) }));
    await fetch(`${base}/v1/models`, { headers: { authorization: `Bearer ${created.key}` } });
    await fetch(`${base}/api/admin/keys`, { headers: { authorization: `Bearer ${envKey}` } });
    gw.child.kill('SIGTERM');
    await gw.exited;
    const logs = [...gw.stdout, ...gw.stderr].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [hfToken, envKey, ADMIN, created.key as string, 'psk_guessed-wrong-key-123456']) expect(logs).not.toContain(secret);
    expect(logs).toContain('"path":"/v1/models"');
  });
});
