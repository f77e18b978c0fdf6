import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { createLogger } from '../../../gateway/logging/logger';
import { NvidiaSmiLoop } from '../../../gateway/gpu/nvidia-smi-loop';
import { restartDelayMs } from '../../../gateway/gpu/restart-backoff';
import { LogCapture } from '../../helpers/log-capture';

/**
 * A child process double that behaves like node's spawn() result: an unknown command emits
 * 'error' (ENOENT) then 'close'; a running one writes lines to stdout and closes with a code.
 */
class FakeChild extends EventEmitter {
  stdout = new PassThrough();
  stderr = new PassThrough();
  killed = false;
  kill(): boolean {
    this.killed = true;
    setImmediate(() => this.emit('close', null, 'SIGTERM'));
    return true;
  }
  print(text: string): void {
    this.stdout.write(text);
  }
  exit(code: number): void {
    this.stdout.end();
    this.emit('close', code, null);
  }
}

const LINE = (i: number): string => `${i}, GPU-${i}, NVIDIA H200, 00000000:1B:00.0, 0, 143771, 0, 30, 74.31, 700.00\n`;
const flush = (): Promise<void> => new Promise((r) => process.nextTick(r));

function setup(behaviour: 'enoent' | 'crash' | 'driver') {
  const logs = new LogCapture();
  const logger = createLogger('debug', { destination: logs });
  const children: FakeChild[] = [];
  const batches: number[] = [];
  const loop = new NvidiaSmiLoop({
    command: '/opt/nvidia/nvidia-smi', pollMs: 1000, logger, onBatch: (b) => batches.push(b.length),
    spawnProcess: () => {
      const child = new FakeChild();
      children.push(child);
      process.nextTick(() => {
        if (behaviour === 'enoent') {
          child.emit('error', Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' }));
          child.emit('close', -2, null);
        } else if (behaviour === 'driver') {
          child.print("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n");
          child.exit(9);
        }
      });
      return child as unknown as ChildProcess;
    },
  });
  const warnings = (): string[] => logs.lines.filter((l) => JSON.parse(l).level >= 40);
  return { loop, children, batches, logs, warnings };
}

describe('nvidia-smi sample loop', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => vi.useRealTimers());

  it('with nvidia-smi absent: no driver, one warning, a retry every 5 minutes, no loop', async () => {
    const { loop, children, warnings } = setup('enoent');
    loop.start();
    await flush();
    expect(loop.state).toBe('no_driver');
    expect(loop.message).toMatch(/no NVIDIA driver: cannot run \/opt\/nvidia\/nvidia-smi: ENOENT/);
    for (let minute = 0; minute < 60; minute++) {
      await vi.advanceTimersByTimeAsync(60_000);
      await flush();
    }
    expect(children.length).toBeLessThanOrEqual(13); // 1 + one per 5 minutes
    expect(warnings()).toHaveLength(1);
    loop.stop();
  });

  it('when the driver does not answer (exit 9): no driver, the same quiet retries', async () => {
    const { loop, children, warnings } = setup('driver');
    loop.start();
    await flush();
    await flush();
    expect(loop.state).toBe('no_driver');
    expect(loop.message).toMatch(/couldn't communicate with the NVIDIA driver/);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(children.length).toBeLessThanOrEqual(7);
    expect(warnings()).toHaveLength(1);
    loop.stop();
  });

  it('restarts a crashed nvidia-smi with doubling delays capped at a minute, and resets after a stable run', async () => {
    const { loop, children, batches } = setup('crash');
    loop.start();
    const starts: number[] = [];
    for (let i = 0; i < 9; i++) {
      const child = children.at(-1)!;
      child.print(LINE(0) + LINE(1));
      await flush();
      child.exit(1);
      await flush();
      expect(loop.state).toBe('restarting');
      const before = children.length;
      const t0 = Date.now();
      while (children.length === before) await vi.advanceTimersByTimeAsync(250);
      starts.push(Date.now() - t0);
    }
    expect(batches.every((n) => n === 2)).toBe(true);
    expect(starts.map((ms) => Math.round(ms / 1000))).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    // A run that samples for over a minute resets the backoff.
    const child = children.at(-1)!;
    for (let s = 0; s < 61; s++) {
      child.print(LINE(0) + LINE(1));
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(children).toHaveLength(10);
    child.exit(1);
    await flush();
    const t0 = Date.now();
    while (children.length === 10) await vi.advanceTimersByTimeAsync(250);
    expect(Date.now() - t0).toBe(1000);
    loop.stop();
  });

  it('kills a hung nvidia-smi (no output) and starts another', async () => {
    const { loop, children } = setup('crash');
    loop.start();
    children[0]!.print(LINE(0));
    await flush();
    await vi.advanceTimersByTimeAsync(45_000);
    expect(children[0]!.killed).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(children.length).toBe(2);
    loop.stop();
  });

  it('a spawn that throws at once (a bad NVIDIA_SMI path) is "no driver", not a crash', () => {
    const logs = new LogCapture();
    const loop = new NvidiaSmiLoop({
      command: 'nvidia\u0000smi', pollMs: 1000, logger: createLogger('debug', { destination: logs }), onBatch: () => {},
      spawnProcess: () => { throw Object.assign(new TypeError('The argument \'file\' must be a string without null bytes'), { code: 'ERR_INVALID_ARG_VALUE' }); },
    });
    loop.start();
    expect(loop.state).toBe('no_driver');
    expect(loop.message).toMatch(/ERR_INVALID_ARG_VALUE/);
    loop.stop();
  });

  it('delay policy: exponential, capped, constant without a driver', () => {
    const p = { initialMs: 1000, maxMs: 60_000, noDriverRetryMs: 300_000, stableAfterMs: 60_000 };
    expect([0, 1, 2, 5, 6, 7, 100].map((f) => restartDelayMs(p, f, false))).toEqual([1000, 2000, 4000, 32_000, 60_000, 60_000, 60_000]);
    expect(restartDelayMs(p, 3, true)).toBe(300_000);
  });
});
