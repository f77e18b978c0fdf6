import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { Logger } from '../../logging/logger';
import { GatewayError } from '../../errors';
import type { LlmProxyOptions } from './llm-options';
import type { EngineExit, LlmHandle } from './llm-handle';
import type { ProcessRegistry } from './process-registry';
import type { EngineOutput } from './engine-output';
import type { VllmTiming } from './vllm-engine';
import { groupMembers, signalGroup } from './process-group';
import { probe } from './http-probe';

interface VllmProcessOptions {
  key: string;
  port: number;
  /** vLLM's own API key (VLLM_API_KEY), so that only the gateway can use the loopback port. */
  apiKey: string;
  proxy: LlmProxyOptions;
  timing: VllmTiming;
  registry: ProcessRegistry;
  output: EngineOutput;
  logger: Logger;
}

/**
 * One `vllm serve` process group: supervision (exit, periodic /health), stop (SIGTERM to the
 * group, SIGKILL after the grace period) and the exit report. A port that answers while /health
 * says 503 is a dead engine (vllm #39863): it is killed and reported like a crash.
 */
export class VllmProcess implements LlmHandle {
  readonly engine = 'vllm';
  readonly key: string;
  readonly baseUrl: string;
  readonly upstreamModel: string;
  readonly apiKey: string;
  readonly proxy: LlmProxyOptions;
  readonly pid: number;
  readonly exited: Promise<void>;
  private exitCode: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private stopping = false;
  private deadReason: GatewayError | null = null;
  private listeners: Array<(exit: EngineExit) => void> = [];
  private healthListeners: Array<(ok: boolean) => void> = [];
  private probeTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private probing = false;

  constructor(private readonly child: ChildProcess, private readonly o: VllmProcessOptions) {
    this.key = o.key;
    this.upstreamModel = o.key;
    this.baseUrl = `http://127.0.0.1:${o.port}/v1`;
    this.apiKey = o.apiKey;
    this.proxy = o.proxy;
    this.pid = child.pid!;
    // 'close' comes after the output pipes are drained, so the last lines (the cause) are read.
    child.once('exit', () => signalGroup(this.pid, 'SIGKILL'));
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => {
      this.exitCode = fromShell(code, signal);
      this.onChildExit();
      resolve();
    }));
  }

  get isRunning(): boolean {
    return this.exitCode === null;
  }

  get exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | null {
    return this.exitCode;
  }

  /** vLLM's processes first (the API server, then its engine core and workers), the watchdog shell last. */
  pids(): number[] {
    const members = groupMembers(this.pid);
    return [...members.filter((p) => p !== this.pid), ...members.filter((p) => p === this.pid)];
  }

  onExit(listener: (exit: EngineExit) => void): void {
    this.listeners.push(listener);
  }

  onHealth(listener: (ok: boolean) => void): void {
    this.healthListeners.push(listener);
  }

  startHealthProbe(): void {
    this.probeTimer = setInterval(() => void this.checkHealth(), this.o.timing.probeIntervalMs);
    this.probeTimer.unref();
  }

  checkNow(): void {
    void this.checkHealth();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.probeTimer);
    if (this.isRunning) signalGroup(this.pid, 'SIGTERM');
    const graceful = await Promise.race([this.exited.then(() => true), delay(this.o.timing.stopGraceMs).then(() => false)]);
    if (!graceful) this.o.logger.warn({ model: this.key, pid: this.pid }, 'vLLM did not stop within the grace period: killing its process group');
    await this.kill();
  }

  /** SIGKILL to the whole group, then wait until no member is left (bounded). */
  async kill(): Promise<void> {
    this.stopping = true;
    clearInterval(this.probeTimer);
    signalGroup(this.pid, 'SIGKILL');
    await this.exited;
    for (let i = 0; i < 100 && groupMembers(this.pid).length > 0; i++) {
      signalGroup(this.pid, 'SIGKILL');
      await delay(20);
    }
    this.o.registry.remove(this.pid);
  }

  private async checkHealth(): Promise<void> {
    if (this.probing || this.stopping || !this.isRunning) return;
    this.probing = true;
    try {
      const res = await probe(`http://127.0.0.1:${this.o.port}/health`, this.o.timing.probeTimeoutMs);
      this.verdict(res.status === 200);
      this.failures = res.status === 200 ? 0 : this.failures + 1;
      if (res.status !== 200 && this.failures >= this.o.timing.probeFailures) this.declareDead(`its /health answered ${res.status} ${this.failures} times in a row (the engine core is dead while the HTTP server still runs)`);
    } catch (err) {
      this.verdict(false);
      this.failures++;
      if (this.failures >= this.o.timing.probeFailures) this.declareDead(`its /health did not answer ${this.failures} times in a row (${(err as Error).message})`);
    } finally {
      this.probing = false;
    }
  }

  /** Tells the listeners when the probe's verdict changes: the model shows `degraded` between the first failure and the kill. */
  private verdict(ok: boolean): void {
    if (this.stopping || ok === (this.failures === 0)) return;
    for (const listener of this.healthListeners) listener(ok);
  }

  private declareDead(why: string): void {
    if (this.stopping || this.deadReason) return;
    this.deadReason = new GatewayError('model_crashed', `vLLM for "${this.key}" stopped serving: ${why}.`, {
      hint: 'Its process group was killed. Load the model again; if it repeats, read the engine events and the GPU state (Xid errors, memory).',
    });
    this.o.logger.error({ model: this.key, pid: this.pid }, this.deadReason.message);
    signalGroup(this.pid, 'SIGKILL');
  }

  private onChildExit(): void {
    clearInterval(this.probeTimer);
    // The engine core and TP workers may outlive the API server and hold GPU memory.
    signalGroup(this.pid, 'SIGKILL');
    if (this.stopping && !this.deadReason) {
      this.o.registry.remove(this.pid);
      return;
    }
    const { code, signal } = this.exitCode!;
    const last = this.o.output.lastLines(5).join(' | ');
    const error = this.deadReason ?? new GatewayError('model_crashed', `vLLM for "${this.key}" exited (${signal ? `signal ${signal}` : `code ${code}`}).${last ? ` Last output: ${last.slice(-600)}` : ''}`, {
      hint: 'Load the model again; if it repeats, read its engine events (Events page) and check the GPUs (memory, Xid errors in the kernel log).',
    });
    this.o.registry.remove(this.pid);
    for (const listener of this.listeners.splice(0)) listener({ code, signal, error });
  }
}

/** The watchdog shell reports vLLM's death by signal n as exit code 128 + n. */
function fromShell(code: number | null, signal: NodeJS.Signals | null): { code: number | null; signal: NodeJS.Signals | null } {
  if (signal || code === null || code <= 128) return { code, signal };
  const name = Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0] as NodeJS.Signals | undefined;
  return name ? { code: null, signal: name } : { code, signal };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
