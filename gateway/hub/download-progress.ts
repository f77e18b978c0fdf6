import type { DownloadState } from '../contract/models';
import type { ErrorObject } from '../contract/errors';

const SPEED_WINDOW_MS = 5000;

/** Bytes per file and in total, with a speed over the last few seconds and the ETA it gives. */
export class DownloadProgress {
  private readonly files = new Map<string, { path: string; receivedBytes: number; totalBytes: number }>();
  /** Bytes that came over the network in this run (resumed bytes are not speed). */
  private transferred = 0;
  private samples: { at: number; bytes: number }[] = [];

  addFile(path: string, totalBytes: number, receivedBytes = 0): void {
    this.files.set(path, { path, receivedBytes, totalBytes });
  }

  add(path: string, delta: number, fromNetwork: boolean): void {
    const f = this.files.get(path);
    if (f) f.receivedBytes = Math.max(0, Math.min(f.totalBytes, f.receivedBytes + delta));
    if (!fromNetwork || delta <= 0) return;
    this.transferred += delta;
    const now = Date.now();
    const last = this.samples[this.samples.length - 1];
    if (last && now - last.at < 100) last.bytes = this.transferred;
    else this.samples.push({ at: now, bytes: this.transferred });
    while (this.samples.length > 2 && now - this.samples[1]!.at > SPEED_WINDOW_MS) this.samples.shift();
  }

  complete(path: string): void {
    const f = this.files.get(path);
    if (f) f.receivedBytes = f.totalBytes;
  }

  get totalBytes(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.totalBytes;
    return n;
  }

  get receivedBytes(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.receivedBytes;
    return n;
  }

  get transferredBytes(): number {
    return this.transferred;
  }

  bytesPerSecond(now = Date.now()): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || now - last.at > SPEED_WINDOW_MS) return 0;
    const span = Math.max(now, last.at) - first.at;
    return span > 0 ? Math.round(((last.bytes - first.bytes) / span) * 1000) : 0;
  }

  snapshot(state: DownloadState['state'], error?: ErrorObject): DownloadState {
    const running = state === 'running';
    const speed = running ? this.bytesPerSecond() : 0;
    const remaining = this.totalBytes - this.receivedBytes;
    return {
      state, receivedBytes: this.receivedBytes, totalBytes: this.totalBytes, bytesPerSecond: speed,
      etaSeconds: running && speed > 0 ? Math.ceil(remaining / speed) : state === 'done' ? 0 : null,
      files: [...this.files.values()].map((f) => ({ ...f })),
      ...(error ? { error } : {}),
    };
  }
}
