import type { RttmFiles } from './rttm';
import type { SpeakerTurn } from './transcript';
import { assignMinCost } from './hungarian';
import { coveredAtLeast, cropTo, subtract, type Interval } from './timeline';

/**
 * Diarization error rate as pyannote.metrics' `DiarizationErrorRate` computes it (engines.md §3.2):
 * UEM = extent of reference ∪ hypothesis, minus collars around reference boundaries and (option)
 * reference overlap; optimal one-to-one speaker mapping (Hungarian on co-occurrence); components
 * accumulated over the elementary segments of both annotations; corpus DER = summed components.
 */
export interface DerOptions {
  /** Total width in seconds removed around each reference boundary (0.5 ≙ md-eval ±0.25 s). */
  collar?: number;
  /** Ignore regions where two or more reference speakers overlap. */
  skipOverlap?: boolean;
}

/** Durations in seconds. `total` is the scored reference speech (once per speaker). */
export interface DerComponents {
  total: number;
  correct: number;
  miss: number;
  falseAlarm: number;
  confusion: number;
}

export interface FileDer extends DerComponents {
  uri: string;
  /** (miss + false alarm + confusion) / total. */
  der: number;
  /** Hypothesis label → reference label. */
  mapping: Record<string, string>;
}

export interface CorpusDer {
  files: FileDer[];
  total: DerComponents & { der: number };
}

/** DER of every file in the reference or the hypothesis, and of all of them together. */
export function corpusDer(reference: RttmFiles, hypothesis: RttmFiles, options: DerOptions = {}): CorpusDer {
  const uris = [...new Set([...reference.keys(), ...hypothesis.keys()])];
  const files = uris.map((uri) => ({ uri, ...fileDer(reference.get(uri) ?? [], hypothesis.get(uri) ?? [], options) }));
  const sum = emptyComponents();
  for (const f of files) for (const k of COMPONENT_KEYS) sum[k] += f[k];
  return { files, total: { ...sum, der: rate(sum) } };
}

/** DER of one file. */
export function fileDer(reference: readonly SpeakerTurn[], hypothesis: readonly SpeakerTurn[], options: DerOptions = {}): Omit<FileDer, 'uri'> {
  const uem = scoredRegions(reference, hypothesis, options);
  const ref = cropTo(reference, uem);
  const hyp = cropTo(hypothesis, uem);
  const segments = elementarySegments(ref, hyp);
  const mapping = optimalMapping(segments);
  const c = emptyComponents();
  for (const s of segments) {
    const r = s.ref.size === 0 ? 0 : sumOf(s.ref.values());
    const h = s.hyp.size === 0 ? 0 : sumOf(s.hyp.values());
    let correct = 0;
    for (const [label, n] of s.hyp) {
      const mapped = mapping.get(label);
      if (mapped !== undefined) correct += Math.min(n, s.ref.get(mapped) ?? 0);
    }
    c.total += s.duration * r;
    c.correct += s.duration * correct;
    c.confusion += s.duration * (Math.min(r, h) - correct);
    c.miss += s.duration * Math.max(0, r - h);
    c.falseAlarm += s.duration * Math.max(0, h - r);
  }
  return { ...c, der: rate(c), mapping: Object.fromEntries(mapping) };
}

const COMPONENT_KEYS = ['total', 'correct', 'miss', 'falseAlarm', 'confusion'] as const;

function emptyComponents(): DerComponents {
  return { total: 0, correct: 0, miss: 0, falseAlarm: 0, confusion: 0 };
}

/** pyannote.metrics: an empty reference scores 0 when nothing is wrong, else 1. */
function rate(c: DerComponents): number {
  const errors = c.miss + c.falseAlarm + c.confusion;
  if (c.total === 0) return errors === 0 ? 0 : 1;
  return errors / c.total;
}

function sumOf(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** The UEM: the joint extent, less collars and (option) reference overlap. */
function scoredRegions(reference: readonly SpeakerTurn[], hypothesis: readonly SpeakerTurn[], options: DerOptions): Interval[] {
  const all = [...reference, ...hypothesis].filter((t) => t.end > t.start);
  if (all.length === 0) return [];
  const extent = { start: Math.min(...all.map((t) => t.start)), end: Math.max(...all.map((t) => t.end)) };
  const holes: Interval[] = [];
  const half = (options.collar ?? 0) / 2;
  if (half > 0) {
    for (const t of reference) {
      if (t.end <= t.start) continue;
      holes.push({ start: t.start - half, end: t.start + half }, { start: t.end - half, end: t.end + half });
    }
  }
  if (options.skipOverlap) holes.push(...coveredAtLeast(reference, 2));
  return subtract([extent], holes);
}

interface ElementarySegment {
  duration: number;
  /** Label → number of tracks with that label covering the segment. */
  ref: Map<string, number>;
  hyp: Map<string, number>;
}

/** Cuts the timeline at every boundary of both annotations (pyannote's common timeline). */
function elementarySegments(ref: readonly SpeakerTurn[], hyp: readonly SpeakerTurn[]): ElementarySegment[] {
  type Event = { t: number; side: 'ref' | 'hyp'; label: string; step: 1 | -1 };
  const events: Event[] = [];
  for (const [side, turns] of [['ref', ref], ['hyp', hyp]] as const) {
    for (const t of turns) if (t.end > t.start) events.push({ t: t.start, side, label: t.speaker, step: 1 }, { t: t.end, side, label: t.speaker, step: -1 });
  }
  events.sort((a, b) => a.t - b.t);
  const active = { ref: new Map<string, number>(), hyp: new Map<string, number>() };
  const out: ElementarySegment[] = [];
  let previous = events[0]?.t ?? 0;
  for (const e of events) {
    if (e.t > previous && (active.ref.size > 0 || active.hyp.size > 0)) {
      out.push({ duration: e.t - previous, ref: new Map(active.ref), hyp: new Map(active.hyp) });
    }
    previous = e.t;
    const n = (active[e.side].get(e.label) ?? 0) + e.step;
    if (n === 0) active[e.side].delete(e.label);
    else active[e.side].set(e.label, n);
  }
  return out;
}

/** Hypothesis → reference labels maximising total co-occurrence; only co-occurring pairs map. */
function optimalMapping(segments: readonly ElementarySegment[]): Map<string, string> {
  const refLabels = new Map<string, number>();
  const hypLabels = new Map<string, number>();
  for (const s of segments) {
    for (const l of s.ref.keys()) if (!refLabels.has(l)) refLabels.set(l, refLabels.size);
    for (const l of s.hyp.keys()) if (!hypLabels.has(l)) hypLabels.set(l, hypLabels.size);
  }
  const cooccurrence = [...hypLabels.keys()].map(() => new Array<number>(refLabels.size).fill(0));
  for (const s of segments) {
    for (const [h, nh] of s.hyp) for (const [r, nr] of s.ref) cooccurrence[hypLabels.get(h)!]![refLabels.get(r)!]! += s.duration * nh * nr;
  }
  const hypNames = [...hypLabels.keys()];
  const refNames = [...refLabels.keys()];
  const mapping = new Map<string, string>();
  for (const [h, r] of assignMinCost(cooccurrence.map((row) => row.map((v) => -v)))) {
    if (cooccurrence[h]![r]! > 0) mapping.set(hypNames[h]!, refNames[r]!);
  }
  return mapping;
}
