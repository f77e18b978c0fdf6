import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { GatewayHost } from '../../../main/gateway-host/gateway-host';
import type { ForkGateway, HostedProcess } from '../../../main/gateway-host/hosted-process';
import { restartDelayMs, DEFAULT_BACKOFF } from '../../../main/gateway-host/restart-backoff';

/**
 * A gateway process double for timer logic only (the real CLI is in gateway-host.test.ts): it
 * prints the same ready line after `readyAfterMs` and exits when killed, or when the test says.
 */
class FakeGateway extends EventEmitter implements HostedProcess {
  static next = 1000;
  readonly pid = FakeGateway.next++;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  constructor(readyAfterMs: number) {
    super();
    setTimeout(() => this.stdout.write(`{"event":"ready","url":"http://127.0.0.1:${this.pid}","port":${this.pid}}\n`), readyAfterMs);
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.once('exit', listener);
  }
  kill(signal: 'SIGTERM' | 'SIGKILL'): void {
    setTimeout(() => this.crash(signal === 'SIGTERM' ? 0 : null, signal === 'SIGTERM' ? null : signal), 5);
  }
  crash(code: number | null = 1, signal: string | null = null): void {
    this.stdout.end();
    this.stderr.end();
    this.emit('exit', code, signal);
  }
}

function setup() {
  const spawned: FakeGateway[] = [];
  const fork: ForkGateway = () => {
    const p = new FakeGateway(100);
    spawned.push(p);
    return p;
  };
  const host = new GatewayHost({ fork, cliPath: 'cli.js', env: async () => ({}), backoff: { ...DEFAULT_BACKOFF, maxConsecutiveFailures: 6 } });
  const states: string[] = [];
  host.on('status', (s: { state: string }) => states.push(s.state));
  return { host, spawned, states };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('restart backoff', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelayMs(DEFAULT_BACKOFF, n))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('waits the backoff before each restart, and a stable run resets the count', async () => {
    vi.useFakeTimers();
    const { host, spawned } = setup();
    await host.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(host.status().state).toBe('ready');

    spawned[0]!.crash();
    await vi.advanceTimersByTimeAsync(999);
    expect(spawned).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(spawned).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);

    spawned[1]!.crash();
    await vi.advanceTimersByTimeAsync(1999);
    expect(spawned).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(101);
    expect(spawned).toHaveLength(3);
    expect(host.status()).toMatchObject({ state: 'ready', consecutiveFailures: 2 });

    // Up for a minute: the next crash counts as the first again.
    await vi.advanceTimersByTimeAsync(60_000);
    spawned[2]!.crash();
    expect(host.status()).toMatchObject({ state: 'restarting', consecutiveFailures: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(spawned).toHaveLength(4);
    const stopped = host.stop();
    await vi.advanceTimersByTimeAsync(10);
    await stopped;
    expect(host.status().state).toBe('stopped');
  });

  it('a stop during the backoff cancels the restart', async () => {
    vi.useFakeTimers();
    const { host, spawned, states } = setup();
    await host.start();
    await vi.advanceTimersByTimeAsync(100);
    spawned[0]!.crash();
    await host.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(spawned).toHaveLength(1);
    expect(states.at(-1)).toBe('stopped');
  });
});
