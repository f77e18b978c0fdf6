import { describe, expect, it } from 'vitest';
import { assignSpeakers, speakerAt } from '../../../../gateway/engines/diarization/assign-speakers';
import type { Transcript } from '../../../../gateway/audio/transcript';
import { toDiarized } from '../../../../gateway/audio/writers/openai-json';
import { writeSrt } from '../../../../gateway/audio/writers/subtitles';

const turns = [
  { start: 0.5, end: 3.0, speaker: 'A' },
  { start: 3.2, end: 6.0, speaker: 'B' },
  { start: 7.0, end: 9.0, speaker: 'A' },
];

const transcript = (): Transcript => ({
  task: 'transcribe', language: 'en', durationSeconds: 9.5, text: 'Hello there. Hi! How are you? Fine thanks.',
  segments: [
    {
      start: 0.5, end: 4.4, text: 'Hello there. Hi!', tokens: [1, 2, 3, 4],
      words: [{ word: 'Hello', start: 0.6, end: 1.0 }, { word: 'there.', start: 1.1, end: 2.8 }, { word: 'Hi!', start: 3.3, end: 4.4 }],
    },
    { start: 4.5, end: 5.9, text: 'How are you?', tokens: [5, 6, 7], words: [{ word: 'How', start: 4.5, end: 4.8 }, { word: 'are', start: 4.9, end: 5.2 }, { word: 'you?', start: 5.3, end: 5.9 }] },
    { start: 7.1, end: 8.8, text: 'Fine thanks.', tokens: [8, 9] },
  ],
});

describe('assignSpeakers', () => {
  it('splits a segment where the speaker changes between its words, as diarized_json wants', () => {
    const out = assignSpeakers(transcript(), turns);
    expect(out.segments.map((s) => [s.start, s.end, s.text, s.speaker])).toEqual([
      [0.5, 2.8, 'Hello there.', 'A'],
      [3.3, 4.4, 'Hi!', 'B'],
      [4.5, 5.9, 'How are you?', 'B'],
      [7.1, 8.8, 'Fine thanks.', 'A'],
    ]);
    expect(out.segments[2]!.tokens).toEqual([5, 6, 7]); // unsplit segments keep their tokens
    expect(out.segments[1]!.words).toEqual([{ word: 'Hi!', start: 3.3, end: 4.4, speaker: 'B' }]);
    expect(toDiarized(out).segments.map((s) => [s.id, s.speaker, s.text])).toEqual([
      ['seg_0', 'A', ' Hello there.'], ['seg_1', 'B', ' Hi!'], ['seg_2', 'B', ' How are you?'], ['seg_3', 'A', ' Fine thanks.'],
    ]);
    expect(writeSrt(out, true)).toContain('[B] Hi!');
  });

  it('gives a word in a pause the nearest speaker', () => {
    expect(speakerAt(turns, 6.2, 6.4)).toBe('B');
    expect(speakerAt(turns, 6.7, 6.9)).toBe('A');
    expect(speakerAt(turns, 0, 0.2)).toBe('A');
    expect(speakerAt(turns, 9.5, 9.7)).toBe('A');
  });

  it('leaves the transcript alone when diarization found nobody', () => {
    const t = transcript();
    expect(assignSpeakers(t, [])).toBe(t);
  });
});
