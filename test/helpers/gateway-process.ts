import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '..', '..', 'out', 'gateway', 'cli.js');

export interface GatewayProcess {
  child: ChildProcess;
  ready: { url: string; port: number; adminTokenFile: string | null };
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the built CLI (`npm run build` first) as a child process and waits for its ready line.
 * Rejects with its stderr if it exits first.
 */
export function spawnGateway(env: Record<string, string>, timeoutMs = 15_000): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [CLI], {
    env: { PATH: process.env.PATH ?? '', API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway not ready after ${timeoutMs} ms:\n${stderr.join('\n')}\n${stdout.join('\n')}`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout.push(line);
      if (!line.includes('"event":"ready"')) return;
      clearTimeout(timer);
      resolve({ child, ready: JSON.parse(line), stdout, stderr, exited });
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before ready:\n${stderr.join('\n')}`));
    });
  });
}
