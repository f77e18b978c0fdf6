import { execFile } from 'node:child_process';
import type { Logger } from '../logging/logger';
import { withoutSecrets } from '../engines/worker-env';
import { COMPUTE_APPS_FIELDS, parseComputeApps, type ComputeApp } from './parse-nvidia-smi';

export type RunCommand = (command: string, args: string[], timeoutMs: number) => Promise<string>;

export const runCommand: RunCommand = (command, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, killSignal: 'SIGKILL', env: withoutSecrets(process.env) }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });

export interface ComputeAppsPollerOptions {
  command: string;
  intervalMs: number;
  logger: Logger;
  /** Skip a poll (no driver: nothing to ask). */
  isEnabled(): boolean;
  onApps(apps: ComputeApp[]): void;
  run?: RunCommand;
}

/**
 * `nvidia-smi --query-compute-apps=…` one-shot every few seconds (per-process lists cost more in
 * the driver than the sample fields: reliability.md §1.5). One poll at a time; a failed poll keeps
 * the previous list and is logged at debug level only, as the sample loop reports the driver state.
 */
export class ComputeAppsPoller {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  polls = 0;

  constructor(private readonly options: ComputeAppsPollerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.inFlight) void this.poll();
    }, this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Polls now; when a poll is already running, waits for it and polls again (fresh figures). */
  async poll(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    if (!this.options.isEnabled()) return;
    this.inFlight = this.pollOnce();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }

  private async pollOnce(): Promise<void> {
    this.polls++;
    const run = this.options.run ?? runCommand;
    try {
      const out = await run(this.options.command, [`--query-compute-apps=${COMPUTE_APPS_FIELDS.join(',')}`, '--format=csv,noheader,nounits'], 10_000);
      this.options.onApps(parseComputeApps(out));
    } catch (err) {
      this.options.logger.debug({ err }, 'nvidia-smi --query-compute-apps failed; keeping the previous process list');
    }
  }
}
