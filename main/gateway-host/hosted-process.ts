import type { Readable } from 'node:stream';

/** Node's stream.Readable, or Electron's NodeJS.ReadableStream (utilityProcess): readline takes both. */
type OutputStream = Readable | NodeJS.ReadableStream;

/**
 * The small process interface the gateway host needs. Electron's utilityProcess provides it in the
 * app (utility-process-fork.ts); child_process.fork provides it in Node (node-fork.ts), which is
 * how the tests run the real gateway CLI.
 */
export interface HostedProcess {
  readonly pid: number | undefined;
  readonly stdout: OutputStream | null;
  readonly stderr: OutputStream | null;
  /** Called once; `signal` is null when the process exited by itself or the runtime does not say. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** SIGTERM asks the gateway to drain; SIGKILL ends it for sure. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export type ForkGateway = (modulePath: string, env: Record<string, string>) => HostedProcess;
