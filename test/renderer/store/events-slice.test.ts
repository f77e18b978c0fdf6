import { describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '../../../gateway/contract/events';
import { createAppStore } from '../../../renderer/store/app-store';
import { MAX_EVENTS, selectEventKinds, selectFilteredEvents } from '../../../renderer/store/events-slice';

const ev = (id: number, patch: Partial<RuntimeEvent> = {}): RuntimeEvent => ({ id, time: '2026-11-26T08:00:00Z', level: 'info', kind: 'key.created', message: `event ${id}`, ...patch });

describe('events slice', () => {
  it('merges history and live events by id, oldest first, without duplicates', () => {
    const store = createAppStore();
    store.getState().addEvents([ev(3), ev(4)]);
    store.getState().replaceEvents([ev(1), ev(2), ev(3)]);
    store.getState().addEvents([ev(3), ev(4), ev(5)]);
    expect(store.getState().events.items.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(store.getState().events.isLoaded).toBe(true);
  });

  it('keeps only the newest events', () => {
    const store = createAppStore();
    store.getState().replaceEvents(Array.from({ length: MAX_EVENTS + 10 }, (_, i) => ev(i + 1)));
    store.getState().addEvents([ev(MAX_EVENTS + 11)]);
    const ids = store.getState().events.items.map((e) => e.id);
    expect(ids).toHaveLength(MAX_EVENTS);
    expect(ids.at(-1)).toBe(MAX_EVENTS + 11);
  });

  it('filters by minimum level, model, kind prefix and text, newest first', () => {
    const store = createAppStore();
    store.getState().replaceEvents([
      ev(1, { level: 'debug', kind: 'download.progressed', model: 'canary' }),
      ev(2, { level: 'error', kind: 'model.failed', model: 'canary', message: 'CUDA out of memory', hint: 'Pick another GPU' }),
      ev(3, { level: 'warn', kind: 'model.loaded', model: 'qwen' }),
      ev(4, { level: 'info', kind: 'auth.failed' }),
    ]);
    const ids = () => selectFilteredEvents(store.getState()).map((e) => e.id);
    expect(ids()).toEqual([4, 3, 2, 1]);
    store.getState().setEventFilters({ level: 'warn' });
    expect(ids()).toEqual([3, 2]);
    store.getState().setEventFilters({ level: 'all', model: 'canary' });
    expect(ids()).toEqual([2, 1]);
    store.getState().setEventFilters({ model: '', kind: 'model' });
    expect(ids()).toEqual([3, 2]);
    store.getState().setEventFilters({ kind: '', search: 'another gpu' });
    expect(ids()).toEqual([2]);
    expect(selectEventKinds(store.getState())).toEqual(['auth.failed', 'download.progressed', 'model.failed', 'model.loaded']);
  });
});
