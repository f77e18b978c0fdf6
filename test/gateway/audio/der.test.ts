import { describe, expect, it } from 'vitest';
import { corpusDer, fileDer } from '../../../gateway/audio/der';
import type { SpeakerTurn } from '../../../gateway/audio/transcript';

const t = (start: number, end: number, speaker: string): SpeakerTurn => ({ start, end, speaker });

// Every expected figure below is worked out by hand from the definitions of engines.md §3.2.
describe('fileDer', () => {
  it('is zero for a perfect hypothesis, whatever its labels', () => {
    const r = fileDer([t(0, 10, 'A'), t(10, 20, 'B')], [t(0, 10, 'spk1'), t(10, 20, 'spk2')]);
    expect(r).toMatchObject({ der: 0, total: 20, correct: 20, miss: 0, falseAlarm: 0, confusion: 0 });
    expect(r.mapping).toEqual({ spk1: 'A', spk2: 'B' });
  });

  it('maps swapped labels optimally, so a swap costs nothing', () => {
    const r = fileDer([t(0, 10, 'A'), t(10, 20, 'B')], [t(0, 10, 'B'), t(10, 20, 'A')]);
    expect(r.der).toBe(0);
    expect(r.mapping).toEqual({ B: 'A', A: 'B' });
  });

  it('counts speech the hypothesis leaves out as missed', () => {
    const r = fileDer([t(0, 10, 'A')], [t(0, 8, 'x')]);
    expect(r).toMatchObject({ total: 10, miss: 2, falseAlarm: 0, confusion: 0 });
    expect(r.der).toBeCloseTo(0.2, 12);
  });

  it('counts hypothesised speech where there is none as false alarm', () => {
    const r = fileDer([t(0, 10, 'A')], [t(0, 10, 'x'), t(10, 12, 'y')]);
    expect(r).toMatchObject({ total: 10, miss: 0, falseAlarm: 2, confusion: 0 });
    expect(r.der).toBeCloseTo(0.2, 12);
  });

  it('counts speech given to the wrong speaker as confusion', () => {
    // x overlaps A for 10 s and B for 5 s, so x→A; y→B; [10,15] is B said by x.
    const r = fileDer([t(0, 10, 'A'), t(10, 20, 'B')], [t(0, 15, 'x'), t(15, 20, 'y')]);
    expect(r).toMatchObject({ total: 20, confusion: 5, miss: 0, falseAlarm: 0 });
    expect(r.der).toBeCloseTo(0.25, 12);
  });

  it('leaves an extra hypothesis speaker unmapped: its time is confusion', () => {
    const r = fileDer([t(0, 10, 'A')], [t(0, 5, 'x'), t(5, 10, 'y')]);
    expect(r.confusion).toBeCloseTo(5, 12);
    expect(r.der).toBeCloseTo(0.5, 12);
  });

  it('forgives boundary errors inside the collar, and only there', () => {
    const ref = [t(0, 10, 'A')];
    const hyp = [t(0.2, 10.2, 'x')];
    const strict = fileDer(ref, hyp);
    expect(strict.miss).toBeCloseTo(0.2, 12);
    expect(strict.falseAlarm).toBeCloseTo(0.2, 12);
    expect(strict.der).toBeCloseTo(0.04, 12);
    const forgiving = fileDer(ref, hyp, { collar: 0.5 });
    expect(forgiving.total).toBeCloseTo(9.5, 12); // [0.25, 9.75]
    expect(forgiving.der).toBe(0);
    const tooNarrow = fileDer(ref, hyp, { collar: 0.2 }); // ±0.1 s does not cover a 0.2 s shift
    expect(tooNarrow.miss).toBeCloseTo(0.1, 12);
    expect(tooNarrow.falseAlarm).toBeCloseTo(0.1, 12);
  });

  it('scores overlapped speech once per speaker, or not at all with skipOverlap', () => {
    // A [0,10] and B [5,15] overlap on [5,10]; the hypothesis has one speaker at a time.
    const ref = [t(0, 10, 'A'), t(5, 15, 'B')];
    const hyp = [t(0, 5, 'x'), t(5, 15, 'y')];
    const scored = fileDer(ref, hyp);
    expect(scored).toMatchObject({ total: 20, miss: 5, confusion: 0, falseAlarm: 0 });
    expect(scored.der).toBeCloseTo(0.25, 12);
    const skipped = fileDer(ref, hyp, { skipOverlap: true });
    expect(skipped).toMatchObject({ total: 10, miss: 0, der: 0 });
  });

  it('counts a hypothesis overlap over a single reference speaker as false alarm', () => {
    const r = fileDer([t(0, 10, 'A')], [t(0, 10, 'x'), t(4, 6, 'y')]);
    expect(r).toMatchObject({ total: 10, falseAlarm: 2, confusion: 0, miss: 0 });
  });

  it('follows pyannote.metrics on empty references', () => {
    expect(fileDer([], []).der).toBe(0);
    expect(fileDer([], [t(0, 1, 'x')]).der).toBe(1);
  });
});

describe('corpusDer', () => {
  it('sums the components over files instead of averaging the rates', () => {
    const ref = new Map([['f1', [t(0, 10, 'A')]], ['f2', [t(0, 30, 'A')]]]);
    const hyp = new Map([['f1', [t(0, 8, 'x')]], ['f2', [t(0, 31, 'x')]]]);
    const r = corpusDer(ref, hyp);
    expect(r.files.map((f) => f.uri)).toEqual(['f1', 'f2']);
    expect(r.files[0]!.der).toBeCloseTo(0.2, 12);
    expect(r.files[1]!.der).toBeCloseTo(1 / 30, 12);
    expect(r.total.total).toBe(40);
    expect(r.total.der).toBeCloseTo(3 / 40, 12); // not (0.2 + 1/30) / 2
  });

  it('scores a file missing from the hypothesis as all missed', () => {
    const r = corpusDer(new Map([['f1', [t(0, 4, 'A')]]]), new Map());
    expect(r.total).toMatchObject({ total: 4, miss: 4, der: 1 });
  });
});
