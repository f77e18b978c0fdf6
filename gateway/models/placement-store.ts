import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-write';
import { isRestartPolicy, type RestartPolicy } from './restart-policy';

/** One model's line: its GPUs alone (the first format), or with the restart policy of that load. */
type Saved = number[] | { gpuDeviceIds: number[]; restart: RestartPolicy };

/**
 * The last GPUs each model was loaded on, and the restart policy it was loaded with, kept in the
 * state dir (`placements.json`) so a lazy load after a restart lands where the operator put it
 * last, supervised the same way.
 */
export class PlacementStore {
  private readonly file: string | null;
  private placements: Record<string, Saved>;

  constructor(stateDir: string | null, private readonly onWriteError?: (err: unknown) => void) {
    this.file = stateDir ? join(stateDir, 'placements.json') : null;
    this.placements = this.read();
  }

  get(key: string): number[] | undefined {
    const saved = this.placements[key];
    return Array.isArray(saved) ? saved : saved?.gpuDeviceIds;
  }

  restartOf(key: string): RestartPolicy | undefined {
    const saved = this.placements[key];
    return saved && !Array.isArray(saved) ? saved.restart : undefined;
  }

  set(key: string, gpuDeviceIds: number[], restart?: RestartPolicy): void {
    // Without a restart policy the line keeps its first format, which older gateways read.
    this.placements[key] = restart && restart.policy !== 'no' ? { gpuDeviceIds: [...gpuDeviceIds], restart: { ...restart } } : [...gpuDeviceIds];
    if (!this.file) return;
    try {
      writeFileAtomic(this.file, `${JSON.stringify(this.placements, null, 2)}\n`, 0o644);
    } catch (err) {
      this.onWriteError?.(err);
    }
  }

  private read(): Record<string, Saved> {
    if (!this.file) return {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null) return {};
      // Keep only well-formed entries: a hand-edited file must not stop the gateway.
      return Object.fromEntries(Object.entries(parsed).filter(([, v]) => isSaved(v))) as Record<string, Saved>;
    } catch {
      return {};
    }
  }
}

function isIds(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((n) => Number.isInteger(n) && n >= 0);
}

function isSaved(v: unknown): v is Saved {
  if (isIds(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return isIds(o.gpuDeviceIds) && isRestartPolicy(o.restart);
}
