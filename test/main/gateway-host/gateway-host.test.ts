import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayHost, type GatewayHostOptions } from '../../../main/gateway-host/gateway-host';
import { nodeFork } from '../../../main/gateway-host/node-fork';
import type { EmbeddedGatewayStatus } from '../../../main/ipc/contract';
import { tempDir } from '../../helpers/temp-dir';
import { builtCli, waitForStatus } from './gateway-cli';

// The real gateway CLI, run by child_process.fork behind the same interface utilityProcess gives.
let cli: string;
beforeAll(() => {
  cli = builtCli();
});

const hosts: GatewayHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

function makeHost(options: Partial<GatewayHostOptions> = {}, env: Record<string, string> = {}): GatewayHost {
  const cacheDir = env.MODEL_CACHE_DIR ?? tempDir('passerelle-host-');
  const host = new GatewayHost({
    fork: nodeFork,
    cliPath: cli,
    env: async () => ({ PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', MODEL_CACHE_DIR: cacheDir, ...env }),
    readyTimeoutMs: 20_000,
    drainTimeoutMs: 5_000,
    backoff: { initialMs: 200, factor: 2, maxMs: 5_000, maxConsecutiveFailures: 5, stableMs: 60_000 },
    ...options,
  });
  hosts.push(host);
  return host;
}

const isReady = (s: EmbeddedGatewayStatus): boolean => s.state === 'ready';

describe('GatewayHost with the real gateway CLI', () => {
  it('starts it on 127.0.0.1 and a free port with a fresh admin token, and reads its ready line', async () => {
    const cacheDir = tempDir('passerelle-host-cache-');
    const host = makeHost({}, { MODEL_CACHE_DIR: cacheDir });
    await host.start();
    const status = await waitForStatus(host, isReady);
    const endpoint = host.endpoint()!;
    expect(endpoint.url).toBe(`http://127.0.0.1:${status.port}`);
    expect(status.cacheDir).toBe(cacheDir);
    expect((await fetch(`${endpoint.url}/healthz`)).status).toBe(200);
    const keys = await fetch(`${endpoint.url}/api/admin/keys`, { headers: { authorization: `Bearer ${endpoint.adminToken}` } });
    expect(keys.status).toBe(200);
    const wrong = await fetch(`${endpoint.url}/api/admin/keys`, { headers: { authorization: 'Bearer pat_not-the-token-of-this-launch' } });
    expect(wrong.status).toBe(401);
    const system = await (await fetch(`${endpoint.url}/api/system`, { headers: { authorization: `Bearer ${endpoint.adminToken}` } })).json() as { cache: { path: string } };
    expect(system.cache.path).toBe(cacheDir);
    expect(host.logTail().some((l) => l.stream === 'stdout' && l.text.includes('"event":"ready"'))).toBe(true);
    // The token is not logged by the host nor echoed by the gateway.
    expect(host.logTail().map((l) => l.text).join('\n')).not.toContain(endpoint.adminToken);
  });

  it('restarts it with growing delays after it is killed, under a new admin token', async () => {
    const host = makeHost();
    await host.start();
    await waitForStatus(host, isReady);
    const first = host.endpoint()!;
    const delays: number[] = [];
    for (let i = 0; i < 2; i++) {
      const pid = host.status().pid!;
      const restarting = waitForStatus(host, (s) => s.state === 'restarting');
      process.kill(pid, 'SIGKILL');
      const r = await restarting;
      delays.push(Date.parse(r.nextRestartAt!) - Date.now());
      expect(r.lastError?.code).toBe('gateway_exited');
      expect(r.lastError?.message).toContain('SIGKILL');
      const again = await waitForStatus(host, isReady);
      expect(again.pid).not.toBe(pid);
    }
    expect(delays[0]).toBeGreaterThan(100);
    expect(delays[0]).toBeLessThanOrEqual(200);
    expect(delays[1]).toBeGreaterThan(300);
    expect(delays[1]).toBeLessThanOrEqual(400);
    expect(host.status().consecutiveFailures).toBe(2);
    const now = host.endpoint()!;
    expect(now.adminToken).not.toBe(first.adminToken);
    const stale = await fetch(`${now.url}/api/admin/keys`, { headers: { authorization: `Bearer ${first.adminToken}` } });
    expect(stale.status).toBe(401);
  });

  it('gives up after the limit of consecutive failures and says why', async () => {
    const host = makeHost({ backoff: { initialMs: 50, factor: 2, maxMs: 1000, maxConsecutiveFailures: 3, stableMs: 60_000 } });
    let spawns = 0;
    host.on('status', (s: EmbeddedGatewayStatus) => {
      if (s.state === 'starting') spawns++;
      if (s.state === 'ready' && s.pid) process.kill(s.pid, 'SIGKILL');
    });
    await host.start();
    const failed = await waitForStatus(host, (s) => s.state === 'failed', 30_000);
    expect(failed.lastError?.code).toBe('gateway_gave_up');
    expect(failed.lastError?.message).toMatch(/failed 3 times in a row.*SIGKILL/);
    expect(failed.lastError?.hint).toMatch(/start it again/);
    expect(spawns).toBe(3);
    await new Promise((r) => setTimeout(r, 400));
    expect(spawns).toBe(3);
    expect(host.status().state).toBe('failed');
    // Starting by hand gives it a fresh chance.
    host.removeAllListeners('status');
    await host.start();
    await waitForStatus(host, isReady);
  });

  it('stops at once when the gateway refuses its configuration, with the gateway\'s own message', async () => {
    const dir = tempDir('passerelle-host-bad-');
    writeFileSync(join(dir, 'file'), 'not a directory');
    const host = makeHost({}, { MODEL_CACHE_DIR: join(dir, 'file', 'cache') });
    await host.start();
    const failed = await waitForStatus(host, (s) => s.state === 'failed');
    expect(failed.consecutiveFailures).toBe(1);
    expect(failed.lastError?.message).toContain('MODEL_CACHE_DIR');
    expect(failed.lastError?.hint).toMatch(/cache directory/);
  });

  it('kills a launch that does not report ready in time', async () => {
    const host = makeHost({ readyTimeoutMs: 30, backoff: { initialMs: 50, factor: 2, maxMs: 100, maxConsecutiveFailures: 1, stableMs: 60_000 } });
    await host.start();
    const failed = await waitForStatus(host, (s) => s.state === 'failed');
    expect(failed.lastError?.message).toMatch(/did not report ready within 30 ms/);
    expect(host.logTail().some((l) => l.stream === 'host' && l.text.includes('killed by SIGKILL'))).toBe(true);
  });

  it('drains it on stop: in-flight streams end, the process exits 0, nothing restarts', async () => {
    const host = makeHost();
    await host.start();
    await waitForStatus(host, isReady);
    const { url, adminToken } = host.endpoint()!;
    const stream = await fetch(`${url}/api/events`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(stream.status).toBe(200);
    const body = stream.body!.getReader();
    const started = Date.now();
    await host.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(host.status().state).toBe('stopped');
    expect(host.logTail().some((l) => l.text.includes('exited (exit code 0)'))).toBe(true);
    for (;;) if ((await body.read()).done) break; // the drain ended the SSE stream
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300));
    expect(host.status().state).toBe('stopped');
  });

  it('kills it when the drain overruns', async () => {
    const host = makeHost({ drainTimeoutMs: 500 });
    await host.start();
    const { pid } = await waitForStatus(host, isReady);
    process.kill(pid!, 'SIGSTOP'); // a hung gateway: SIGTERM stays pending
    await host.stop();
    expect(host.status().state).toBe('stopped');
    const notes = host.logTail().filter((l) => l.stream === 'host').map((l) => l.text);
    expect(notes.some((t) => t.includes('drain took over 500 ms'))).toBe(true);
    expect(notes.some((t) => t.includes('killed by SIGKILL'))).toBe(true);
  });
});
