import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { fakeNvidiaSmi } from '../../helpers/fake-nvidia-smi';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { spawnGateway, type GatewayProcess } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/temp-dir';
import { startTestHub, type TestHub } from '../../fixtures/hub/hub-server';
import { presetRepos } from '../../fixtures/hub/preset-repos';
import { ApiKeyList, CreatedApiKey } from '../../../gateway/contract/keys';
import { ModelEntry, ModelList } from '../../../gateway/contract/models';
import { ModelRuntime } from '../../../gateway/contract/lifecycle';
import { GpusResponse } from '../../../gateway/contract/gpus';
import { EventsResponse } from '../../../gateway/contract/events';
import { DiagnosticsResponse } from '../../../gateway/contract/diagnostics';
import { Readiness, SystemInfo } from '../../../gateway/contract/system';
import { z } from 'zod';

// Runs the BUILT CLI (`npm run build` first), as an operator would, against a real gateway child.
const PASSERELLE = join(import.meta.dirname, '..', '..', '..', 'out', 'gateway', 'passerelle.js');
const ADMIN = 'cli-test-admin-token-000001';

interface Run { code: number | null; stdout: string; stderr: string }

function passerelle(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [PASSERELLE, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

let hub: TestHub;
let gw: GatewayProcess;
let env: Record<string, string>;

beforeAll(async () => {
  hub = await startTestHub({ repos: presetRepos() });
  const cache = tempDir();
  gw = await spawnGateway({ MODEL_CACHE_DIR: cache, HF_ENDPOINT: hub.url, ADMIN_TOKEN: ADMIN, NVIDIA_SMI: fakeNvidiaSmi({ GPUS: '2' }) });
  env = { PASSERELLE_URL: gw.ready.url, PASSERELLE_ADMIN_TOKEN: ADMIN };
}, 30_000);

afterAll(async () => {
  gw?.child.kill('SIGTERM');
  await gw?.exited;
  await hub?.close();
}, 30_000);

async function json<S extends z.ZodType>(args: string[], schema: S): Promise<z.infer<S>> {
  const r = await passerelle([...args, '--json'], env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return schema.parse(JSON.parse(r.stdout));
}

describe('passerelle CLI against a running gateway', () => {
  it('status, models ls/ps, gpus, events and doctor print contract objects with --json', async () => {
    const status = await json(['status'], z.object({ readiness: Readiness, system: SystemInfo }).strict());
    expect(status.readiness.status).toBe('ready');
    const models = await json(['models', 'ls'], ModelList);
    expect(models.models.map((m) => m.key)).toContain('silero-vad');
    expect((await json(['models', 'ps'], ModelList)).models).toEqual([]);
    expect((await json(['gpus'], GpusResponse)).monitor.state).toBeTypeOf('string');
    expect((await json(['events', '-n', '5'], EventsResponse)).events.length).toBeGreaterThan(0);
    // doctor exits 1 when a check fails (no GPU here may or may not count): the table is the point.
    const doctor = await passerelle(['doctor', '--json'], env);
    expect([0, 1]).toContain(doctor.code);
    const checks = DiagnosticsResponse.parse(JSON.parse(doctor.stdout)).checks;
    expect(doctor.code).toBe(checks.some((c) => c.status === 'fail') ? 1 : 0);
    const table = await passerelle(['models', 'ls'], env);
    expect(table.stdout.split('\n')[0]).toMatch(/^KEY\s+TASK\s+ENGINE\s+CACHE/);
  }, 60_000);

  it('gpus: a table per GPU; --watch redraws it until stopped', async () => {
    const once = await passerelle(['gpus'], env);
    expect(once.code).toBe(0);
    expect(once.stdout).toMatch(/^GPU\s+NAME\s+MEMORY/);
    expect(once.stdout.trim().split('\n')).toHaveLength(3);
    const watch = spawn(process.execPath, [PASSERELLE, 'gpus', '--watch'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((r) => watch.once('exit', r));
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no second table in 20 s:\n${out}`)), 20_000);
        watch.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if ((out.match(/^GPU\s+NAME/gm) ?? []).length < 2) return;
          clearTimeout(timer);
          resolve();
        });
      });
    } finally {
      watch.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  it('keys create, ls and revoke', async () => {
    const created = await json(['keys', 'create', 'from-cli', '--models', 'silero-vad'], CreatedApiKey);
    expect(created.models).toEqual(['silero-vad']);
    expect((await json(['keys', 'ls'], ApiKeyList)).keys.map((k) => k.id)).toContain(created.id);
    expect((await passerelle(['keys', 'revoke', created.id], env)).code).toBe(0);
    expect((await json(['keys', 'ls'], ApiKeyList)).keys.map((k) => k.id)).not.toContain(created.id);
  }, 60_000);

  it('models pull shows percent, speed and ETA on a throttled hub, then load, ps, unload and rm', async () => {
    hub.faults.throttleBytesPerSecond = 600_000; // silero-vad is ~2.3 MB: a few seconds of progress
    const pull = await passerelle(['models', 'pull', 'silero-vad'], env);
    delete hub.faults.throttleBytesPerSecond;
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stderr).toMatch(/silero-vad \[.*\] \d+% \| .+ \| .+\/s \| ETA /);
    expect(pull.stdout).toContain('silero-vad: complete');
    // Pulling a complete model again only checks it.
    const again = await json(['models', 'pull', 'silero-vad'], ModelEntry);
    expect(again.cache.state).toBe('complete');
    const loaded = await json(['models', 'load', 'silero-vad'], ModelRuntime);
    expect(loaded.runtime.state).toBe('loaded');
    expect((await json(['models', 'ps'], ModelList)).models.map((m) => m.key)).toEqual(['silero-vad']);
    expect((await json(['models', 'unload', 'silero-vad'], ModelRuntime)).runtime.state).toBe('unloaded');
    expect((await json(['models', 'rm', 'silero-vad'], ModelEntry)).cache.state).toBe('absent');
    const { events } = await json(['events', '--model', 'silero-vad'], EventsResponse);
    expect(events.map((e) => e.kind).join(' ')).toMatch(/download/);
  }, 90_000);
});

describe('passerelle exit codes, help and completion', () => {
  it('4 for a bad token, 1 for a gateway error, 2 for usage, 3 when nothing listens', async () => {
    const bad = await passerelle(['models', 'ls', '--token', 'wrong-token-wrong-token'], { PASSERELLE_URL: gw.ready.url });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/admin token/i);
    expect((await passerelle(['models', 'load', 'no-such-model'], env)).code).toBe(1);
    expect((await passerelle(['frobnicate'], env)).code).toBe(2);
    expect((await passerelle(['models', 'load', 'silero-vad', '--gpus', 'one'], env)).code).toBe(2);
    const port = await freePort();
    const down = await passerelle(['status', '--url', `http://127.0.0.1:${port}`]);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('passerelle serve');
  }, 60_000);

  it('--help and --version everywhere; completion scripts for bash and zsh', async () => {
    for (const args of [['--help'], ['models', '--help'], ['models', 'pull', '--help'], ['keys', 'create', '--help'], ['serve', '--help']]) {
      const r = await passerelle(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: passerelle/);
    }
    expect((await passerelle(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const bash = await passerelle(['completion', 'bash']);
    expect(bash.stdout).toContain('complete -F _passerelle passerelle');
    expect(bash.stdout).toMatch(/models\) words="[^"]*pull[^"]*"/);
    expect((await passerelle(['completion', 'zsh'])).stdout).toMatch(/^#compdef passerelle/);
    expect((await passerelle(['completion', 'fish'])).code).toBe(2);
  }, 60_000);
});

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}
