import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-write';

/**
 * The last GPUs each model was loaded on, kept in the state dir (`placements.json`) so a lazy load
 * after a restart lands where the operator put it last.
 */
export class PlacementStore {
  private readonly file: string | null;
  private placements: Record<string, number[]>;

  constructor(stateDir: string | null, private readonly onWriteError?: (err: unknown) => void) {
    this.file = stateDir ? join(stateDir, 'placements.json') : null;
    this.placements = this.read();
  }

  get(key: string): number[] | undefined {
    return this.placements[key];
  }

  set(key: string, gpuDeviceIds: number[]): void {
    this.placements[key] = [...gpuDeviceIds];
    if (!this.file) return;
    try {
      writeFileAtomic(this.file, `${JSON.stringify(this.placements, null, 2)}\n`, 0o644);
    } catch (err) {
      this.onWriteError?.(err);
    }
  }

  private read(): Record<string, number[]> {
    if (!this.file) return {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null) return {};
      // Keep only well-formed entries: a hand-edited file must not stop the gateway.
      return Object.fromEntries(Object.entries(parsed).filter(([, v]) => Array.isArray(v) && v.every((n) => Number.isInteger(n) && n >= 0)));
    } catch {
      return {};
    }
  }
}
