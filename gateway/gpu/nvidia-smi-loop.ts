import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../logging/logger';
import { withoutSecrets } from '../engines/worker-env';
import { GPU_QUERY_FIELDS, SampleAssembler, type GpuReading } from './parse-nvidia-smi';
import { restartDelayMs, type BackoffPolicy } from './restart-backoff';

export type LoopState = 'starting' | 'running' | 'restarting' | 'no_driver' | 'stopped';
export type SpawnProcess = (command: string, args: string[]) => ChildProcess;

export interface NvidiaSmiLoopOptions {
  command: string;
  pollMs: number;
  logger: Logger;
  onBatch(readings: GpuReading[], timeMs: number): void;
  onState?(state: LoopState, message: string): void;
  spawnProcess?: SpawnProcess;
  backoff?: Partial<BackoffPolicy>;
  /** No output for this long: the child is hung (driver reset); kill it and restart. */
  stallMs?: number;
}

/** Output that means "no usable driver here" rather than "nvidia-smi crashed". */
const NO_DRIVER = /couldn't communicate with the NVIDIA driver|NVIDIA-SMI has failed|No devices were found|driver\/library version mismatch/i;

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, noDriverRetryMs: 300_000, stableAfterMs: 60_000 };

/**
 * Keeps ONE `nvidia-smi --query-gpu=… -lms GPU_POLL_MS` child running and turns its stdout into
 * sample batches (never a process per sample: reliability.md §1.5). When it exits it is restarted
 * with exponential backoff; when there is no driver it is retried rarely and logged once, so a
 * machine without GPUs sees no error loop.
 */
export class NvidiaSmiLoop {
  private child: ChildProcess | null = null;
  private readonly assembler = new SampleAssembler();
  private readonly policy: BackoffPolicy;
  private restartTimer: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private startedAt = 0;
  private lastDataAt = 0;
  private sampledThisRun = false;
  private lastText = '';
  private stopped = true;
  state: LoopState = 'stopped';
  message = 'not started';
  /** How many times nvidia-smi was started (the benchmark checks this stays at 1). */
  spawns = 0;
  restarts = 0;

  constructor(private readonly options: NvidiaSmiLoopOptions) {
    this.policy = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  static args(pollMs: number): string[] {
    return [`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits', '-lms', String(pollMs)];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setState('starting', 'starting nvidia-smi');
    this.launch();
    const stallMs = this.options.stallMs ?? Math.max(30_000, this.options.pollMs * 10);
    this.stallTimer = setInterval(() => this.checkStall(stallMs), Math.min(stallMs, 10_000));
    this.stallTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.stallTimer) clearInterval(this.stallTimer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.restartTimer = this.stallTimer = this.settleTimer = null;
    this.child?.kill('SIGTERM');
    this.child = null;
    this.setState('stopped', 'stopped');
  }

  private launch(): void {
    this.restartTimer = null;
    if (this.stopped) return;
    const spawnProcess = this.options.spawnProcess ?? ((c, a) => spawn(c, a, { stdio: ['ignore', 'pipe', 'pipe'], env: withoutSecrets(process.env) }));
    this.spawns++;
    this.startedAt = this.lastDataAt = Date.now();
    this.sampledThisRun = false;
    this.lastText = '';
    this.assembler.reset();
    let child: ChildProcess;
    try {
      child = spawnProcess(this.options.command, NvidiaSmiLoop.args(this.options.pollMs));
    } catch (err) {
      // spawn() throws synchronously on some bad paths (EINVAL, a NUL byte): same as not found.
      this.onExit(null, null, err as NodeJS.ErrnoException);
      return;
    }
    this.child = child;
    let partial = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      partial = this.readChunk(partial + chunk);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => this.remember(chunk));
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null, err?: NodeJS.ErrnoException): void => {
      if (ended || this.child !== child) return;
      ended = true;
      this.child = null;
      this.flushPending();
      this.onExit(code, signal, err);
    };
    child.once('error', (err: NodeJS.ErrnoException) => end(null, null, err));
    child.once('close', (code, signal) => end(code, signal));
  }

  /** Handles every complete line of a chunk; returns the unfinished tail. */
  private readChunk(text: string): string {
    this.lastDataAt = Date.now();
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl);
      start = nl + 1;
      const batch = this.assembler.push(line);
      if (batch) this.emit(batch);
      else if (line && !line.includes(', ')) this.remember(line);
    }
    // Lines of one tick normally come in one chunk; when the GPU count is not known yet (or a
    // tick was cut), the batch ends once no line came for a moment.
    if (this.assembler.hasPending && !this.settleTimer) {
      this.settleTimer = setTimeout(() => this.flushPending(), Math.min(50, Math.max(5, this.options.pollMs / 4)));
      this.settleTimer.unref();
    }
    return text.slice(start);
  }

  private flushPending(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    const batch = this.assembler.flush();
    if (batch) this.emit(batch);
  }

  private emit(batch: GpuReading[]): void {
    if (!this.sampledThisRun) {
      this.sampledThisRun = true;
      if (this.state !== 'running') this.setState('running', `sampling ${batch.length} GPU(s) every ${this.options.pollMs} ms`);
    }
    this.options.onBatch(batch, Date.now());
  }

  private remember(text: string): void {
    const line = text.trim().split('\n').find((l) => l.trim()) ?? '';
    if (line) this.lastText = line.slice(0, 300);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, err?: NodeJS.ErrnoException): void {
    if (this.stopped) return;
    const noDriver = err !== undefined || code === 9 || NO_DRIVER.test(this.lastText);
    if (this.sampledThisRun && Date.now() - this.startedAt >= this.policy.stableAfterMs) this.failures = 0;
    const delay = restartDelayMs(this.policy, this.failures, noDriver);
    this.failures++;
    this.restarts++;
    const why = err ? `cannot run ${this.options.command}: ${err.code ?? err.message}` : this.lastText || `nvidia-smi exited (${signal ?? `code ${code}`})`;
    const message = noDriver ? `no NVIDIA driver: ${why}` : `nvidia-smi exited (${signal ?? `code ${code}`})${this.lastText ? `: ${this.lastText}` : ''}; restarting in ${Math.round(delay / 1000)} s`;
    this.setState(noDriver ? 'no_driver' : 'restarting', message, { delayMs: delay, failures: this.failures });
    this.restartTimer = setTimeout(() => this.launch(), delay);
    this.restartTimer.unref();
  }

  private checkStall(stallMs: number): void {
    if (!this.child || Date.now() - this.lastDataAt < stallMs) return;
    this.remember(`nvidia-smi printed nothing for ${Math.round(stallMs / 1000)} s`);
    this.child.kill('SIGKILL');
  }

  /** Logs transitions, not repetitions: a missing driver is one warning, not one a minute. */
  private setState(state: LoopState, message: string, data: Record<string, unknown> = {}): void {
    const changed = state !== this.state || (state === 'restarting' && this.failures % 10 === 1);
    this.state = state;
    this.message = message;
    const log = this.options.logger;
    if (!changed) log.debug({ state, ...data }, message);
    else if (state === 'no_driver' || state === 'restarting') log.warn({ state, command: this.options.command, ...data }, `GPU monitor: ${message}`);
    else log.info({ state }, `GPU monitor: ${message}`);
    if (changed) this.options.onState?.(state, message);
  }
}
