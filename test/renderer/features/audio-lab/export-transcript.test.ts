import { describe, expect, it } from 'vitest';
import { exportTranscript, timestamp, uriOf } from '../../../../renderer/features/audio-lab/export-transcript';
import { toLabTranscript } from '../../../../renderer/features/audio-lab/to-lab-transcript';

const diarized = {
  task: 'transcribe', duration: 4.5, text: 'Hello there. General Kenobi.',
  segments: [
    { type: 'transcript.text.segment', id: 'seg_1', start: 2.25, end: 4.5, text: ' General <Kenobi>.', speaker: 'B' },
    { type: 'transcript.text.segment', id: 'seg_0', start: 0, end: 2, text: ' Hello\nthere.', speaker: 'A' },
  ],
  usage: { type: 'duration', seconds: 5, processing_seconds: 0.9 },
};

describe('transcript exports', () => {
  const read = toLabTranscript(diarized)!;

  it('reads diarized_json with its speakers and the gateway\'s processing time', () => {
    expect(read.processingSeconds).toBe(0.9);
    expect(read.transcript.segments.map((s) => s.speaker)).toEqual(['B', 'A']);
  });

  it('writes SubRip in time order with [speaker] labels, one line per cue', () => {
    expect(exportTranscript(read.transcript, 'srt')).toBe('1\n00:00:00,000 --> 00:00:02,000\n[A] Hello there.\n\n2\n00:00:02,250 --> 00:00:04,500\n[B] General <Kenobi>.\n');
  });

  it('writes WebVTT with voice spans and escapes markup', () => {
    expect(exportTranscript(read.transcript, 'vtt')).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v A>Hello there.\n\n00:00:02.250 --> 00:00:04.500\n<v B>General &lt;Kenobi&gt;.\n');
  });

  it('writes RTTM as pyannote does, and text and JSON', () => {
    expect(exportTranscript(read.transcript, 'rttm', uriOf('two voices.wav'))).toBe(
      'SPEAKER two_voices 1 0.000 2.000 <NA> <NA> A <NA> <NA>\nSPEAKER two_voices 1 2.250 2.250 <NA> <NA> B <NA> <NA>\n',
    );
    expect(exportTranscript(read.transcript, 'txt')).toBe('Hello there. General Kenobi.\n');
    expect(JSON.parse(exportTranscript(read.transcript, 'json'))).toEqual(diarized);
  });

  it('formats hours past 99 and rounds to the millisecond', () => {
    expect(timestamp(3600 * 100 + 61.2346, ',')).toBe('100:01:01,235');
  });

  it('refuses an answer of unknown shape', () => {
    expect(toLabTranscript({ nope: true })).toBeNull();
  });
});
