import type { StateCreator } from 'zustand';
import type { EventLevel, RuntimeEvent } from '../../gateway/contract/events';
import type { ErrorObject } from '../../gateway/contract/errors';
import type { AppState } from './app-store';

/** The page keeps the newest events only, so a long-open tab stays light. */
export const MAX_EVENTS = 2000;

export interface EventFilters {
  level: EventLevel | 'all';
  model: string;
  kind: string;
  search: string;
}

export interface EventsSlice {
  events: { items: RuntimeEvent[]; isLoaded: boolean; error: ErrorObject | null; filters: EventFilters };
  /** Merges events by id (history and live overlap after a reconnect), oldest first. */
  addEvents: (events: RuntimeEvent[]) => void;
  replaceEvents: (events: RuntimeEvent[]) => void;
  setEventsError: (error: ErrorObject | null) => void;
  setEventFilters: (patch: Partial<EventFilters>) => void;
}

export const createEventsSlice: StateCreator<AppState, [], [], EventsSlice> = (set) => ({
  events: { items: [], isLoaded: false, error: null, filters: { level: 'all', model: '', kind: '', search: '' } },
  addEvents: (incoming) => set((s) => ({ events: { ...s.events, items: mergeEvents(s.events.items, incoming) } })),
  replaceEvents: (items) => set((s) => ({ events: { ...s.events, items: mergeEvents([], items), isLoaded: true, error: null } })),
  setEventsError: (error) => set((s) => ({ events: { ...s.events, error } })),
  setEventFilters: (patch) => set((s) => ({ events: { ...s.events, filters: { ...s.events.filters, ...patch } } })),
});

export function mergeEvents(current: RuntimeEvent[], incoming: RuntimeEvent[]): RuntimeEvent[] {
  if (incoming.length === 0) return current;
  const last = current.at(-1)?.id ?? 0;
  // The common case, one live event after the newest: append without re-sorting.
  if (incoming.every((e, i) => e.id > (i === 0 ? last : incoming[i - 1]!.id))) return [...current, ...incoming].slice(-MAX_EVENTS);
  const byId = new Map(current.map((e) => [e.id, e]));
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => a.id - b.id).slice(-MAX_EVENTS);
}

const LEVEL_RANK: Record<EventLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The events the filters let through, newest first. */
export function selectFilteredEvents(s: AppState): RuntimeEvent[] {
  const { level, model, kind, search } = s.events.filters;
  const needle = search.trim().toLowerCase();
  return s.events.items.filter((e) =>
    (level === 'all' || LEVEL_RANK[e.level] >= LEVEL_RANK[level])
    && (!model || e.model === model)
    && (!kind || e.kind === kind || e.kind.startsWith(`${kind}.`))
    && (!needle || `${e.message} ${e.hint ?? ''} ${e.kind} ${e.model ?? ''}`.toLowerCase().includes(needle)),
  ).reverse();
}

export const selectEventModels = (s: AppState): string[] => [...new Set(s.events.items.flatMap((e) => (e.model ? [e.model] : [])))].sort();
export const selectEventKinds = (s: AppState): string[] => [...new Set(s.events.items.map((e) => e.kind))].sort();
