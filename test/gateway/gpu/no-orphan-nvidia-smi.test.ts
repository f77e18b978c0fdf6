import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnGateway } from '../../helpers/gateway-process';
import { fakeNvidiaSmi } from '../../helpers/fake-nvidia-smi';
import { tempDir } from '../../helpers/temp-dir';

// Runs the built CLI (node scripts/build.mjs gateway), as an operator would.

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The PID of the long-running `--query-gpu … -lms` process, from the fake's invocation log. */
async function loopPid(log: string): Promise<number> {
  const until = Date.now() + 10_000;
  for (;;) {
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { pid: number; argv: string[] }) : [];
    const loop = calls.find((c) => c.argv.includes('-lms'));
    if (loop) return loop.pid;
    if (Date.now() > until) throw new Error('nvidia-smi loop never started');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

async function start() {
  const log = join(tempDir(), 'calls.jsonl');
  const gw = await spawnGateway({ MODEL_CACHE_DIR: tempDir('passerelle-cache-'), NVIDIA_SMI: fakeNvidiaSmi({ LOG: log }), GPU_POLL_MS: '200', HF_ENDPOINT: 'http://127.0.0.1:9', DRAIN_TIMEOUT_SECONDS: '2' });
  return { gw, pid: await loopPid(log), log };
}

describe('the nvidia-smi sample loop never outlives the gateway', () => {
  it('one loop per gateway; SIGTERM stops it with the gateway', async () => {
    const { gw, pid, log } = await start();
    expect(isAlive(pid)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('-lms'))).toHaveLength(1);
    gw.child.kill('SIGTERM');
    expect(await gw.exited).toEqual({ code: 0, signal: null });
    expect(await gone(pid, 3000)).toBe(true);
  });

  it('kill -9 of the gateway: the loop exits at its next write (broken pipe)', async () => {
    const { gw, pid } = await start();
    gw.child.kill('SIGKILL');
    await gw.exited;
    expect(await gone(pid, 3000)).toBe(true);
  });
});
