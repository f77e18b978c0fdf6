import { execFile } from 'node:child_process';
import { withoutSecrets } from '../engines/worker-env';

/** Why a tool could not answer: not installed, ran but failed, or hung. */
export class ToolError extends Error {
  constructor(readonly kind: 'missing' | 'failed' | 'timeout', readonly command: string, readonly output: string, readonly exitCode: number | null) {
    super(kind === 'missing' ? `${command} was not found` : kind === 'timeout' ? `${command} did not answer in time` : `${command} failed (exit ${exitCode})${output ? `: ${output}` : ''}`);
    this.name = 'ToolError';
  }
}

export type RunTool = (command: string, args: string[], timeoutMs: number) => Promise<string>;

/** Runs a tool once and returns stdout + stderr; never through a shell, never with the gateway's secrets. */
export const runTool: RunTool = (command, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 1024 * 1024, killSignal: 'SIGKILL', env: { ...withoutSecrets(process.env), PYTHONWARNINGS: 'ignore' } }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr ? `\n${stderr}` : ''}`.trim();
      if (!err) return resolve(output);
      const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
      if (e.code === 'ENOENT' || e.code === 'EACCES') reject(new ToolError('missing', command, '', null));
      else if (e.killed) reject(new ToolError('timeout', command, output.slice(0, 500), null));
      else reject(new ToolError('failed', command, firstLines(output), typeof e.code === 'number' ? e.code : null));
    });
  });

function firstLines(text: string): string {
  return text.split('\n').filter((l) => l.trim()).slice(0, 3).join(' ').slice(0, 500);
}
