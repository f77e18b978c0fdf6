import { describe, expect, it } from 'vitest';
import { TranscriptionDiarized, TranscriptionVerbose, TranscriptStreamEvent } from '../../../gateway/contract/audio';
import type { Transcript } from '../../../gateway/audio/transcript';
import { renderTranscript } from '../../../gateway/audio/writers/transcript-response';
import { compressionRatio, streamEvents } from '../../../gateway/audio/writers/openai-json';
import { timestamp } from '../../../gateway/audio/writers/subtitles';
import { rttmUri, writeRttm } from '../../../gateway/audio/writers/rttm';

const transcript: Transcript = {
  task: 'transcribe',
  language: 'en',
  durationSeconds: 8.4712,
  text: 'The beach was popular. Hi, my router <reboots> & more.',
  segments: [
    {
      start: 0, end: 3.3204, text: 'The beach was popular.', tokens: [10, 11, 12], avgLogprob: -0.25, speaker: 'agent',
      words: [{ word: 'The', start: 0, end: 0.24 }, { word: 'beach', start: 0.24, end: 0.8 }, { word: 'was', start: 0.8, end: 1.1 }, { word: 'popular.', start: 1.1, end: 3.32 }],
    },
    {
      start: 3661.5, end: 3663.0005, text: 'Hi, my router\n<reboots> & more.', tokens: [13], speaker: 'A',
      words: [{ word: 'Hi,', start: 3661.5, end: 3661.7 }],
    },
  ],
};

describe('transcript writers', () => {
  it('writes SubRip with comma milliseconds, numbered cues and one line per cue', () => {
    expect(renderTranscript(transcript, 'srt').body).toBe(
      '1\n00:00:00,000 --> 00:00:03,320\nThe beach was popular.\n\n' +
      '2\n01:01:01,500 --> 01:01:03,001\nHi, my router <reboots> & more.\n',
    );
  });

  it('writes WebVTT with its header, dot milliseconds and escaped cue text', () => {
    expect(renderTranscript(transcript, 'vtt')).toEqual({
      contentType: 'text/vtt; charset=utf-8',
      body: 'WEBVTT\n\n00:00:00.000 --> 00:00:03.320\nThe beach was popular.\n\n' +
        '01:01:01.500 --> 01:01:03.001\nHi, my router &lt;reboots&gt; &amp; more.\n',
    });
  });

  it('labels speakers as [A] in SubRip and as a <v A> voice span in WebVTT', () => {
    const srt = renderTranscript(transcript, 'srt', { withSpeakers: true }).body;
    expect(srt).toContain('00:00:00,000 --> 00:00:03,320\n[agent] The beach was popular.\n');
    expect(srt).toContain('\n[A] Hi, my router');
    const vtt = renderTranscript(transcript, 'vtt', { withSpeakers: true }).body;
    expect(vtt).toContain('00:00:00.000 --> 00:00:03.320\n<v agent>The beach was popular.\n');
    expect(vtt).toContain('\n<v A>Hi, my router &lt;reboots&gt;');
  });

  it('writes text as the transcript and a newline', () => {
    expect(renderTranscript(transcript, 'text')).toEqual({ contentType: 'text/plain; charset=utf-8', body: `${transcript.text}\n` });
  });

  it('writes json as {text} and usage when given', () => {
    const usage = { type: 'duration' as const, seconds: 9 };
    expect(JSON.parse(renderTranscript(transcript, 'json', { usage }).body)).toEqual({ text: transcript.text, usage });
  });

  it('writes verbose_json in OpenAI\'s shape: full language name, every segment field, no words by default', () => {
    const body = JSON.parse(renderTranscript(transcript, 'verbose_json').body);
    expect(TranscriptionVerbose.strict().parse(body)).toBeTruthy();
    expect(body.task).toBe('transcribe');
    expect(body.language).toBe('english');
    expect(body.duration).toBe(8.471);
    expect(body.words).toBeUndefined();
    expect(body.segments[0]).toEqual({
      id: 0, seek: 0, start: 0, end: 3.32, text: ' The beach was popular.', tokens: [10, 11, 12],
      temperature: 0, avg_logprob: -0.25, compression_ratio: compressionRatio(' The beach was popular.'), no_speech_prob: 0,
    });
    expect(body.segments[1]).toMatchObject({ id: 1, seek: 366150, start: 3661.5, end: 3663.001 });
    expect(Object.keys(body.segments[0]).sort()).toEqual(['avg_logprob', 'compression_ratio', 'end', 'id', 'no_speech_prob', 'seek', 'start', 'temperature', 'text', 'tokens']);
  });

  it('adds words only with timestamp_granularities[]=word, and drops segments when only words are asked', () => {
    const both = JSON.parse(renderTranscript(transcript, 'verbose_json', { granularities: ['word', 'segment'] }).body);
    // The segments carry speakers (a diarized request), so each word says who speaks it (extension).
    expect(both.words).toEqual([
      { word: 'The', start: 0, end: 0.24, speaker: 'agent' }, { word: 'beach', start: 0.24, end: 0.8, speaker: 'agent' }, { word: 'was', start: 0.8, end: 1.1, speaker: 'agent' },
      { word: 'popular.', start: 1.1, end: 3.32, speaker: 'agent' }, { word: 'Hi,', start: 3661.5, end: 3661.7, speaker: 'A' },
    ]);
    expect(both.segments).toHaveLength(2);
    const wordsOnly = JSON.parse(renderTranscript(transcript, 'verbose_json', { granularities: ['word'] }).body);
    expect(wordsOnly.segments).toBeUndefined();
    expect(wordsOnly.words).toHaveLength(5);
  });

  it('writes diarized_json with seg_N ids and speakers', () => {
    const body = TranscriptionDiarized.strict().parse(JSON.parse(renderTranscript(transcript, 'diarized_json').body));
    expect(body.segments.map((s) => [s.id, s.speaker, s.text])).toEqual([
      ['seg_0', 'agent', ' The beach was popular.'],
      ['seg_1', 'A', ' Hi, my router\n<reboots> & more.'],
    ]);
    expect(body.segments[0]!.type).toBe('transcript.text.segment');
  });

  it('streams deltas, segment events when diarized, then done', () => {
    const plain = streamEvents(transcript, false);
    expect(plain.map((e) => e.type)).toEqual(['transcript.text.delta', 'transcript.text.delta', 'transcript.text.done']);
    expect(plain.filter((e) => e.type === 'transcript.text.delta').map((e) => (e as { delta: string }).delta).join('')).toBe('The beach was popular. Hi, my router\n<reboots> & more.');
    const diarized = streamEvents(transcript, true, { type: 'duration', seconds: 9 });
    expect(diarized.map((e) => e.type)).toEqual(['transcript.text.delta', 'transcript.text.segment', 'transcript.text.delta', 'transcript.text.segment', 'transcript.text.done']);
    for (const e of diarized) TranscriptStreamEvent.parse(e);
    expect(diarized.at(-1)).toMatchObject({ type: 'transcript.text.done', usage: { seconds: 9 }, segments: [{ speaker: 'agent' }, { speaker: 'A' }] });
  });

  it('rounds timestamps to the millisecond and keeps hours past 99', () => {
    expect(timestamp(0.0004, ',')).toBe('00:00:00,000');
    expect(timestamp(59.9996, '.')).toBe('00:01:00.000');
    expect(timestamp(360_000.25, ',')).toBe('100:00:00,250');
  });

  it('computes a higher compression ratio for repetitive text', () => {
    expect(compressionRatio('la '.repeat(100))).toBeGreaterThan(2.4);
    expect(compressionRatio(' The beach was a popular spot.')).toBeLessThan(2.4);
  });
});

describe('RTTM writer', () => {
  it('writes pyannote\'s RTTM lines, sorted, with spaces in names replaced', () => {
    const rttm = writeRttm([
      { start: 2.5, end: 4, speaker: 'B' },
      { start: 0, end: 2.25, speaker: 'Jean Dupont' },
      { start: 3, end: 3, speaker: 'A' },
    ], rttmUri('C:\\calls\\my call.wav'));
    expect(rttm).toBe(
      'SPEAKER my_call 1 0.000 2.250 <NA> <NA> Jean_Dupont <NA> <NA>\n' +
      'SPEAKER my_call 1 2.500 1.500 <NA> <NA> B <NA> <NA>\n',
    );
  });

  it('falls back to "audio" as uri for an unnamed upload', () => {
    expect(rttmUri(undefined)).toBe('audio');
    expect(writeRttm([{ start: 1, end: 2, speaker: 'A' }], rttmUri('../../'))).toBe('SPEAKER audio 1 1.000 1.000 <NA> <NA> A <NA> <NA>\n');
  });
});
