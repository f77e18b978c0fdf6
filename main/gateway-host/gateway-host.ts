import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { GatewayError } from '../../gateway/errors';
import type { ErrorObject } from '../../gateway/contract/errors';
import type { EmbeddedGatewayStatus, GatewayProcessState, LogLine } from '../ipc/contract';
import type { ForkGateway, HostedProcess } from './hosted-process';
import { parseReadyLine } from './ready-line';
import { DEFAULT_BACKOFF, restartDelayMs, type BackoffPolicy } from './restart-backoff';
import { LogBuffer } from './log-buffer';

export interface GatewayHostOptions {
  fork: ForkGateway;
  /** The built gateway CLI (out/gateway/cli.js). */
  cliPath: string;
  /** The environment of each launch (PATH, MODEL_CACHE_DIR, HUGGINGFACE_TOKEN…); the host adds the rest. */
  env: () => Promise<Record<string, string>>;
  /** How long a launch may take to print its ready line. */
  readyTimeoutMs?: number;
  /** How long a stop waits for the drain before SIGKILL. */
  drainTimeoutMs?: number;
  backoff?: Partial<BackoffPolicy>;
  logLimit?: number;
}

/** The embedded gateway as the renderer may call it: its URL and this launch's admin token. */
export interface EmbeddedEndpoint {
  url: string;
  port: number;
  adminToken: string;
}

/** Exit code of `passerelle-gateway` for a bad configuration: restarting would fail the same way. */
const EXIT_BAD_CONFIG = 2;

interface Launch {
  process: HostedProcess;
  adminToken: string;
  startedAt: number;
  readyAt: number | null;
  endpoint: EmbeddedEndpoint | null;
  stderrTail: string[];
  readyTimer: NodeJS.Timeout | null;
  /** Set when the host itself ended the process (ready timeout). */
  failure: ErrorObject | null;
  exited: Promise<void>;
}

/**
 * Runs the embedded gateway: one process on 127.0.0.1 and a free port, a fresh admin token per
 * launch, its ready line awaited within a bound, restarted with exponential backoff when it dies,
 * given up after repeated failures (with the reason), its output kept, and drained on stop.
 * Emits `status` (EmbeddedGatewayStatus), `log` (LogLine) and `endpoint` (EmbeddedEndpoint | null).
 */
export class GatewayHost extends EventEmitter {
  private state: GatewayProcessState = 'stopped';
  private launch: Launch | null = null;
  private failures = 0;
  private lastError: ErrorObject | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private nextRestartAt: number | null = null;
  private cacheDir: string | null = null;
  private stopping: Promise<void> | null = null;
  private readonly policy: BackoffPolicy;
  private readonly logs: LogBuffer;
  private readonly readyTimeoutMs: number;
  private readonly drainTimeoutMs: number;

  constructor(private readonly options: GatewayHostOptions) {
    super();
    this.policy = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.logs = new LogBuffer(options.logLimit);
    this.readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
    this.drainTimeoutMs = options.drainTimeoutMs ?? 15_000;
  }

  status(): EmbeddedGatewayStatus {
    return {
      state: this.state,
      pid: this.launch?.process.pid ?? null,
      port: this.launch?.endpoint?.port ?? null,
      consecutiveFailures: this.failures,
      nextRestartAt: this.nextRestartAt === null ? null : new Date(this.nextRestartAt).toISOString(),
      lastError: this.lastError,
      cacheDir: this.cacheDir,
    };
  }

  endpoint(): EmbeddedEndpoint | null {
    return this.state === 'ready' ? this.launch?.endpoint ?? null : null;
  }

  logTail(count?: number): LogLine[] {
    return this.logs.tail(count);
  }

  /** Starts the gateway unless it runs or is starting; a failed host starts afresh. */
  async start(): Promise<EmbeddedGatewayStatus> {
    if (this.stopping) await this.stopping;
    if (this.state === 'starting' || this.state === 'ready' || this.state === 'restarting') return this.status();
    this.failures = 0;
    this.lastError = null;
    await this.spawn();
    return this.status();
  }

  /** Drains the gateway (SIGTERM), kills it if the drain overruns, and cancels any pending restart. */
  stop(): Promise<void> {
    this.stopping ??= this.drain().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  async restart(): Promise<EmbeddedGatewayStatus> {
    await this.stop();
    return this.start();
  }

  private async spawn(): Promise<void> {
    this.clearRestart();
    this.setState('starting');
    let env: Record<string, string>;
    try {
      env = await this.options.env();
    } catch (err) {
      this.giveUp(new GatewayError('gateway_exited', `The embedded gateway could not be prepared: ${(err as Error).message}`).toErrorObject());
      return;
    }
    if (this.state !== 'starting') return; // stopped meanwhile
    const adminToken = `pat_${randomBytes(32).toString('base64url')}`;
    this.cacheDir = env.MODEL_CACHE_DIR ?? null;
    const fullEnv = { ...env, API_HOST: '127.0.0.1', API_PORT: '0', ADMIN_TOKEN: adminToken, DRAIN_TIMEOUT_SECONDS: String(Math.max(1, Math.floor(this.drainTimeoutMs / 1000) - 2)) };
    this.note(`starting ${this.options.cliPath}${this.cacheDir ? ` with MODEL_CACHE_DIR=${this.cacheDir}` : ''}`);
    let child: HostedProcess;
    try {
      child = this.options.fork(this.options.cliPath, fullEnv);
    } catch (err) {
      this.onFailure(new GatewayError('gateway_exited', `The embedded gateway could not be started: ${(err as Error).message}`).toErrorObject());
      return;
    }
    this.watch(child, adminToken);
  }

  private watch(child: HostedProcess, adminToken: string): void {
    let markExited!: () => void;
    const launch: Launch = {
      process: child, adminToken, startedAt: Date.now(), readyAt: null, endpoint: null, stderrTail: [], readyTimer: null, failure: null,
      exited: new Promise((resolve) => (markExited = resolve)),
    };
    this.launch = launch;
    this.readLines(child.stdout, 'stdout', launch);
    this.readLines(child.stderr, 'stderr', launch);
    launch.readyTimer = setTimeout(() => this.onReadyTimeout(launch), this.readyTimeoutMs);
    child.onExit((code, signal) => {
      markExited();
      this.onExit(launch, code, signal);
    });
  }

  private readLines(stream: HostedProcess['stdout'], name: 'stdout' | 'stderr', launch: Launch): void {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (text) => {
      this.emit('log', this.logs.push(name, text));
      if (name === 'stderr') launch.stderrTail = [...launch.stderrTail.slice(-4), text];
      else if (launch.endpoint === null) this.onStdoutLine(launch, text);
    });
  }

  private onStdoutLine(launch: Launch, text: string): void {
    const ready = parseReadyLine(text);
    if (!ready || this.launch !== launch || this.state !== 'starting') return;
    if (launch.readyTimer) clearTimeout(launch.readyTimer);
    launch.readyAt = Date.now();
    launch.endpoint = { url: ready.url, port: ready.port, adminToken: launch.adminToken };
    this.note(`ready on ${ready.url} (pid ${launch.process.pid ?? '?'})`);
    this.setState('ready');
    this.emit('endpoint', launch.endpoint);
  }

  private onReadyTimeout(launch: Launch): void {
    if (this.launch !== launch || launch.endpoint) return;
    launch.failure = new GatewayError('gateway_start_timeout', `The embedded gateway did not report ready within ${formatDuration(this.readyTimeoutMs)}.`, {
      hint: 'Read its log on the Connections page: a slow or full model cache disk is the usual cause. Restart it from there or from the tray.',
    }).toErrorObject();
    this.note(`not ready after ${this.readyTimeoutMs} ms: killing pid ${launch.process.pid ?? '?'}`);
    launch.process.kill('SIGKILL');
  }

  private onExit(launch: Launch, code: number | null, signal: string | null): void {
    if (launch.readyTimer) clearTimeout(launch.readyTimer);
    if (this.launch !== launch) return;
    this.note(`exited (${describeExit(code, signal)})`);
    const wasReady = launch.endpoint !== null;
    this.launch = null;
    if (wasReady) this.emit('endpoint', null);
    if (this.state === 'stopping') return; // drain() takes it from here
    if (launch.readyAt !== null && Date.now() - launch.readyAt >= this.policy.stableMs) this.failures = 0;
    const reason = launch.failure ?? exitError(code, signal, launch.stderrTail);
    if (code === EXIT_BAD_CONFIG) {
      this.failures++;
      this.giveUp(reason);
      return;
    }
    this.onFailure(reason);
  }

  private onFailure(reason: ErrorObject): void {
    this.failures++;
    this.lastError = reason;
    if (this.failures >= this.policy.maxConsecutiveFailures) {
      this.giveUp(new GatewayError('gateway_gave_up', `The embedded gateway failed ${this.failures} times in a row; it is no longer restarted. Last failure: ${reason.message}`, {
        hint: 'Read its log on the Connections page, fix the cause (cache directory, disk space, a port or driver problem), then start it again from there or from the tray.',
      }).toErrorObject());
      return;
    }
    const delay = restartDelayMs(this.policy, this.failures);
    this.nextRestartAt = Date.now() + delay;
    this.note(`restarting in ${delay} ms (failure ${this.failures} of ${this.policy.maxConsecutiveFailures})`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.spawn();
    }, delay);
    this.setState('restarting');
  }

  private giveUp(reason: ErrorObject): void {
    this.clearRestart();
    this.lastError = reason;
    this.note(`gave up: ${reason.message}`);
    this.setState('failed');
  }

  private async drain(): Promise<void> {
    this.clearRestart();
    const launch = this.launch;
    if (!launch) {
      if (this.state !== 'failed') this.setState('stopped');
      return;
    }
    this.setState('stopping');
    this.note(`stopping pid ${launch.process.pid ?? '?'}: draining`);
    launch.process.kill('SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.drainTimeoutMs).unref());
    if ((await Promise.race([launch.exited.then(() => 'exited' as const), timer])) === 'timeout') {
      this.note(`drain took over ${this.drainTimeoutMs} ms: killing pid ${launch.process.pid ?? '?'}`);
      launch.process.kill('SIGKILL');
      await launch.exited;
    }
    this.failures = 0;
    this.setState('stopped');
  }

  private clearRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.nextRestartAt = null;
  }

  private setState(state: GatewayProcessState): void {
    this.state = state;
    this.emit('status', this.status());
  }

  /** The host's own notes go in the same log as the gateway's output. */
  private note(text: string): void {
    this.emit('log', this.logs.push('host', text));
  }
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `killed by ${signal}`;
  return code === null ? 'exit status unknown' : `exit code ${code}`;
}

function exitError(code: number | null, signal: string | null, stderrTail: string[]): ErrorObject {
  const said = stderrTail.filter((l) => l.trim()).at(-1);
  const detail = said ? `: ${said.replace(/^passerelle-gateway:\s*/, '')}` : '';
  if (code === EXIT_BAD_CONFIG) {
    return new GatewayError('gateway_exited', `The embedded gateway refused its configuration${detail}`, {
      hint: 'Fix the setting it names (the model cache directory is in Settings on the Connections page), then start it again.',
    }).toErrorObject();
  }
  return new GatewayError('gateway_exited', `The embedded gateway stopped (${describeExit(code, signal)})${detail}`, {
    hint: 'It is restarted automatically; its log is on the Connections page.',
  }).toErrorObject();
}
