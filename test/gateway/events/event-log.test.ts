import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventLog } from '../../../gateway/events/event-log';
import { tempDir } from '../../helpers/temp-dir';

const ev = (i: number, extra: Partial<{ level: 'debug' | 'info' | 'warn' | 'error'; model: string; kind: string }> = {}) =>
  ({ time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), level: extra.level ?? 'info', kind: extra.kind ?? 'model.loaded', model: extra.model, message: `event ${i}` });

describe('runtime event log', () => {
  it('filters by since (id or time), minimum level, model and kind', () => {
    const log = new EventLog({ dir: null });
    log.append(ev(1, { level: 'info', model: 'canary' }));
    log.append(ev(2, { level: 'warn', model: 'qwen', kind: 'download.failed' }));
    log.append(ev(3, { level: 'error', model: 'canary', kind: 'model.crashed' }));
    expect(log.query({ since: '1' }).map((e) => e.id)).toEqual([2, 3]);
    expect(log.query({ since: new Date(Date.UTC(2026, 0, 1, 0, 0, 2)).toISOString() }).map((e) => e.id)).toEqual([3]);
    expect(log.query({ level: 'warn' }).map((e) => e.id)).toEqual([2, 3]);
    expect(log.query({ model: 'canary' }).map((e) => e.id)).toEqual([1, 3]);
    expect(log.query({ kind: 'download' }).map((e) => e.id)).toEqual([2]);
    expect(log.query({ limit: 1 }).map((e) => e.id)).toEqual([3]);
  });

  it('keeps a bounded ring and says when a client has missed dropped events', () => {
    const log = new EventLog({ dir: null, capacity: 3 });
    for (let i = 1; i <= 5; i++) log.append(ev(i));
    expect(log.query({}).map((e) => e.id)).toEqual([3, 4, 5]);
    expect(log.after(3)!.map((e) => e.id)).toEqual([4, 5]);
    expect(log.after(1)).toBeNull();
    expect(log.after(5)).toEqual([]);
  });

  it('persists as JSON lines, restores ids after a restart, skips a torn line, and rotates', () => {
    const dir = tempDir();
    const log = new EventLog({ dir, rotateBytes: 400, keepFiles: 2 });
    for (let i = 1; i <= 4; i++) log.append(ev(i));
    appendFileSync(join(dir, 'events.jsonl'), '{"id": 99, "torn');
    const again = new EventLog({ dir, rotateBytes: 400, keepFiles: 2 });
    expect(again.latestId).toBe(4);
    expect(again.append(ev(5)).id).toBe(5);
    for (let i = 6; i <= 20; i++) again.append(ev(i));
    expect(existsSync(join(dir, 'events.1.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'events.2.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'events.3.jsonl'))).toBe(false);
    const restored = new EventLog({ dir });
    expect(restored.latestId).toBe(20);
  });

  it('survives a write failure (disk full, read-only) and reports it once', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'events.jsonl'), '');
    const errors: unknown[] = [];
    const log = new EventLog({ dir: join(dir, 'events.jsonl'), onWriteError: (e) => errors.push(e) });
    log.append(ev(1));
    log.append(ev(2));
    expect(errors).toHaveLength(1);
    expect(log.query({}).map((e) => e.id)).toEqual([1, 2]);
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).toBe('');
  });
});
