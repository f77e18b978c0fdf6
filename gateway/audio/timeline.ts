/** Half-open time intervals in seconds, and the few set operations DER scoring needs. */
export interface Interval {
  start: number;
  end: number;
}

/** The union of intervals, sorted and merged (pyannote's `Timeline.support()`). */
export function unionOf(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** `from` minus the union of `holes` (both unions are computed here). */
export function subtract(from: readonly Interval[], holes: readonly Interval[]): Interval[] {
  const cuts = unionOf(holes);
  const out: Interval[] = [];
  for (const piece of unionOf(from)) {
    let cursor = piece.start;
    for (const h of cuts) {
      if (h.end <= cursor || h.start >= piece.end) continue;
      if (h.start > cursor) out.push({ start: cursor, end: h.start });
      cursor = Math.max(cursor, h.end);
    }
    if (cursor < piece.end) out.push({ start: cursor, end: piece.end });
  }
  return out;
}

/** The parts of each item that fall inside `keep` (sorted, disjoint), split where `keep` is cut. */
export function cropTo<T extends Interval>(items: readonly T[], keep: readonly Interval[]): T[] {
  const out: T[] = [];
  for (const item of items) {
    for (const k of keep) {
      const start = Math.max(item.start, k.start);
      const end = Math.min(item.end, k.end);
      if (end > start) out.push({ ...item, start, end });
    }
  }
  return out;
}

/** Regions covered by at least `min` of the intervals at once. */
export function coveredAtLeast(intervals: readonly Interval[], min: number): Interval[] {
  const events: Array<[number, number]> = [];
  for (const i of intervals) if (i.end > i.start) events.push([i.start, 1], [i.end, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Interval[] = [];
  let depth = 0;
  let openedAt = 0;
  for (const [t, step] of events) {
    const before = depth;
    depth += step;
    if (before < min && depth >= min) openedAt = t;
    if (before >= min && depth < min && t > openedAt) out.push({ start: openedAt, end: t });
  }
  return unionOf(out);
}
