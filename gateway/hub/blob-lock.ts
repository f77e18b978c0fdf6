import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { sleep } from './retry-policy';

export interface BlobLockOptions {
  signal: AbortSignal;
  /** How often a waiter looks again. */
  pollMs?: number;
  /** A lock not refreshed for this long is a dead holder's: taken over. */
  staleMs?: number;
  /** Called once when this process starts waiting for another. */
  onWait?: () => void;
}

const HEARTBEAT_MS = 10_000;

/**
 * One writer per blob across processes sharing the cache (two gateways on one /models volume):
 * `.locks/models--org--name/<blob>.passerelle.lock`, created exclusively, refreshed while held,
 * taken over once stale: at once when its holder was a process of this host that is gone, else when
 * its heartbeat stops (pids mean nothing across containers or hosts). (Python's own `.lock` files use flock and are left on disk; they are not
 * this file.)
 */
export async function withBlobLock<T>(lockPath: string, options: BlobLockOptions, run: () => Promise<T>): Promise<T> {
  const { signal, pollMs = 1000, staleMs = 6 * HEARTBEAT_MS } = options;
  mkdirSync(dirname(lockPath), { recursive: true });
  let waited = false;
  while (!tryCreate(lockPath)) {
    if (ageMs(lockPath) > staleMs || holderIsGone(lockPath)) {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (!waited) options.onWait?.();
    waited = true;
    await sleep(pollMs, signal);
  }
  const heartbeat = setInterval(() => touch(lockPath), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await run();
  } finally {
    clearInterval(heartbeat);
    rmSync(lockPath, { force: true });
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o644);
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * A holder on this host whose process is gone (killed gateway), or that is this very process
 * (a restarted container often gets the same pid, and in-process transfers never lock twice).
 */
function holderIsGone(path: string): boolean {
  let holder: { pid?: unknown; host?: unknown };
  try {
    holder = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown };
  } catch {
    return false;
  }
  if (holder.host !== hostname() || typeof holder.pid !== 'number') return false;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Removed under us (a purge): the transfer finds out on its own.
  }
}
