/**
 * What a speech engine produces, before any response format is chosen. The ASR engines (nemo-aed,
 * nemo-tdt) fill it; diarization assigns `speaker` to segments and words; the writers in
 * gateway/audio/writers/ turn it into OpenAI's shapes, SubRip, WebVTT and RTTM. Times are seconds
 * from the start of the uploaded audio (chunk offsets already added back).
 */
export interface Transcript {
  task: 'transcribe' | 'translate';
  /** ISO 639-1 code of the output language (`en`); the writers spell it out where OpenAI does. */
  language: string;
  /** Decoded duration of the whole input, seconds. */
  durationSeconds: number;
  /** The full text, as the engine detokenized it (no leading space). */
  text: string;
  segments: TranscriptSegment[];
}

export interface TranscriptSegment {
  start: number;
  end: number;
  /** Trimmed text of the segment. */
  text: string;
  /** Token ids of the model's vocabulary, in emission order (control tokens removed). */
  tokens: number[];
  /** Word times, when the model has them (Parakeet TDT frames, Canary flash timestamp tokens). */
  words?: TranscriptWord[];
  /** Speaker label (`A`, `B`, … or a known speaker name), set by diarization. */
  speaker?: string;
  /** Mean log-probability of the emitted tokens (greedy decoding); 0 when the engine has none. */
  avgLogprob?: number;
  /** Probability that the segment holds no speech; 0 when the engine has none. */
  noSpeechProb?: number;
  /** Sampling temperature used; 0 for greedy decoding. */
  temperature?: number;
}

export interface TranscriptWord {
  word: string;
  start: number;
  end: number;
  speaker?: string;
}

/** One speaker turn of a diarization, as RTTM and the speaker timeline see it. */
export interface SpeakerTurn {
  start: number;
  end: number;
  speaker: string;
}

/** Every word of the transcript in order, with the segment's speaker where the word has none. */
export function transcriptWords(transcript: Transcript): TranscriptWord[] {
  return transcript.segments.flatMap((s) => (s.words ?? []).map((w) => (w.speaker || !s.speaker ? w : { ...w, speaker: s.speaker })));
}
