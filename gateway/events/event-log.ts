import { appendFileSync, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeEvent, type EventLevel, type EventsQuery } from '../contract/events';

const LEVEL_RANK: Record<EventLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface EventLogOptions {
  /** Directory of `events.jsonl`; null keeps the log in memory only (tests). */
  dir: string | null;
  capacity?: number;
  /** Rotate `events.jsonl` past this size; `events.1.jsonl` … `events.<keep>.jsonl` are kept. */
  rotateBytes?: number;
  keepFiles?: number;
  onWriteError?: (err: unknown) => void;
}

/**
 * The runtime log: a ring buffer of the latest events, persisted as JSON lines with rotation so
 * that ids and recent history survive a restart. A failed write (disk full) is reported once and
 * never stops the gateway.
 */
export class EventLog {
  private readonly ring: RuntimeEvent[] = [];
  private readonly capacity: number;
  private readonly file: string | null;
  private lastId = 0;
  private writeFailed = false;

  constructor(private readonly options: EventLogOptions) {
    this.capacity = options.capacity ?? 5000;
    this.file = options.dir ? join(options.dir, 'events.jsonl') : null;
    this.restore();
  }

  get latestId(): number {
    return this.lastId;
  }

  /** The oldest id still in memory; a client behind it has missed events. */
  get oldestId(): number {
    return this.ring[0]?.id ?? this.lastId + 1;
  }

  append(event: Omit<RuntimeEvent, 'id'>): RuntimeEvent {
    const stamped: RuntimeEvent = { ...event, id: ++this.lastId };
    this.ring.push(stamped);
    if (this.ring.length > this.capacity) this.ring.shift();
    this.persist(stamped);
    return stamped;
  }

  query(q: Partial<EventsQuery>): RuntimeEvent[] {
    const sinceId = q.since !== undefined && /^\d+$/.test(q.since) ? Number(q.since) : undefined;
    const sinceTime = q.since !== undefined && sinceId === undefined ? Date.parse(q.since) : undefined;
    const minRank = q.level ? LEVEL_RANK[q.level] : 0;
    const matches = this.ring.filter((e) =>
      (sinceId === undefined || e.id > sinceId) &&
      (sinceTime === undefined || Number.isNaN(sinceTime) || Date.parse(e.time) > sinceTime) &&
      LEVEL_RANK[e.level] >= minRank &&
      (q.model === undefined || e.model === q.model) &&
      (q.kind === undefined || e.kind === q.kind || e.kind.startsWith(`${q.kind}.`)));
    const limit = q.limit ?? 500;
    return matches.slice(-limit);
  }

  /** Events after `id`, or null when some of them were already dropped from memory. */
  after(id: number): RuntimeEvent[] | null {
    if (id >= this.lastId) return [];
    if (id + 1 < this.oldestId) return null;
    return this.ring.filter((e) => e.id > id);
  }

  private persist(event: RuntimeEvent): void {
    if (!this.file) return;
    try {
      this.rotateIfNeeded();
      appendFileSync(this.file, `${JSON.stringify(event)}\n`, { mode: 0o600 });
      this.writeFailed = false;
    } catch (err) {
      if (!this.writeFailed) this.options.onWriteError?.(err);
      this.writeFailed = true;
    }
  }

  private rotateIfNeeded(): void {
    if (!this.file || !existsSync(this.file)) return;
    if (statSync(this.file).size < (this.options.rotateBytes ?? 5 * 1024 * 1024)) return;
    const keep = this.options.keepFiles ?? 3;
    for (let i = keep - 1; i >= 1; i--) {
      const from = this.rotated(i);
      if (existsSync(from)) renameSync(from, this.rotated(i + 1));
    }
    renameSync(this.file, this.rotated(1));
  }

  private rotated(n: number): string {
    return this.file!.replace(/\.jsonl$/, `.${n}.jsonl`);
  }

  /** Reloads the newest events (current file, then the last rotated one if needed). */
  private restore(): void {
    if (!this.file) return;
    const files = [this.rotated(1), this.file].filter((f) => existsSync(f));
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        if (!line) continue;
        try {
          const event = RuntimeEvent.parse(JSON.parse(line));
          this.ring.push(event);
          this.lastId = Math.max(this.lastId, event.id);
        } catch {
          // A torn last line (a crash mid-write) is skipped, not fatal.
        }
      }
    }
    while (this.ring.length > this.capacity) this.ring.shift();
  }
}
