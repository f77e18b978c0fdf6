import { z } from 'zod';

/**
 * OpenAI audio wire shapes (snake_case, as the spec): "Create transcription" and "Create
 * translation", https://platform.openai.com/docs/api-reference/audio/createTranscription.
 * Passerelle's extensions are marked; every other field follows OpenAI exactly.
 */

export const AudioResponseFormat = z.enum(['json', 'text', 'srt', 'vtt', 'verbose_json', 'diarized_json']);
export type AudioResponseFormat = z.infer<typeof AudioResponseFormat>;

export const TimestampGranularity = z.enum(['word', 'segment']);
export type TimestampGranularity = z.infer<typeof TimestampGranularity>;

/** `usage` of a transcription: OpenAI's Duration usage plus Passerelle's timings (extension). */
export const TranscriptionUsage = z.object({
  type: z.literal('duration'),
  /** Audio seconds billed (OpenAI rounds up to the second). */
  seconds: z.number().nonnegative(),
  /** Extension: exact decoded audio duration, seconds. */
  audio_seconds: z.number().nonnegative().optional(),
  /** Extension: wall-clock seconds spent decoding and transcribing. */
  processing_seconds: z.number().nonnegative().optional(),
  /** Extension: real-time factor, processing_seconds / audio_seconds (below 1 is faster than real time). */
  real_time_factor: z.number().nonnegative().optional(),
});
export type TranscriptionUsage = z.infer<typeof TranscriptionUsage>;

/** `response_format=json`: https://platform.openai.com/docs/api-reference/audio/json-object */
export const TranscriptionJson = z.object({
  text: z.string(),
  usage: TranscriptionUsage.optional(),
});
export type TranscriptionJson = z.infer<typeof TranscriptionJson>;

/** A segment of `verbose_json`: every field is required, as OpenAI's TranscriptionSegment. */
export const TranscriptionSegment = z.object({
  id: z.number().int().nonnegative(),
  /** Offset of the window the segment was decoded in, in 10 ms frames (Whisper's seek). */
  seek: z.number().int().nonnegative(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  /** Segment text with a leading space, as OpenAI sends it. */
  text: z.string(),
  tokens: z.array(z.number().int()),
  temperature: z.number(),
  avg_logprob: z.number(),
  /** Bytes of the text over bytes of its deflate stream (Whisper's gzip heuristic). */
  compression_ratio: z.number(),
  no_speech_prob: z.number(),
});
export type TranscriptionSegment = z.infer<typeof TranscriptionSegment>;

export const TranscriptionWord = z.object({
  word: z.string(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  /** Extension: who says the word, when the request ran diarization (`diarization_model`). */
  speaker: z.string().optional(),
});
export type TranscriptionWord = z.infer<typeof TranscriptionWord>;

/** `response_format=verbose_json`: https://platform.openai.com/docs/api-reference/audio/verbose-json-object */
export const TranscriptionVerbose = z.object({
  task: z.enum(['transcribe', 'translate']),
  /** The full language name in lower case (`english`), not the ISO code, as OpenAI sends it. */
  language: z.string(),
  duration: z.number().nonnegative(),
  text: z.string(),
  /** Present unless timestamp_granularities[] asks for words only. */
  segments: z.array(TranscriptionSegment).optional(),
  /** Present only when timestamp_granularities[] includes `word`. */
  words: z.array(TranscriptionWord).optional(),
  usage: TranscriptionUsage.optional(),
});
export type TranscriptionVerbose = z.infer<typeof TranscriptionVerbose>;

/** https://platform.openai.com/docs/api-reference/audio/diarized-json-object (TranscriptionDiarizedSegment) */
export const TranscriptionDiarizedSegment = z.object({
  type: z.literal('transcript.text.segment'),
  /** `seg_0`, `seg_1`, … */
  id: z.string(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
  /** A known speaker name when references were given, else `A`, `B`, … */
  speaker: z.string(),
});
export type TranscriptionDiarizedSegment = z.infer<typeof TranscriptionDiarizedSegment>;

/** `response_format=diarized_json`. */
export const TranscriptionDiarized = z.object({
  task: z.literal('transcribe'),
  duration: z.number().nonnegative(),
  text: z.string(),
  segments: z.array(TranscriptionDiarizedSegment),
  usage: TranscriptionUsage.optional(),
});
export type TranscriptionDiarized = z.infer<typeof TranscriptionDiarized>;

/**
 * `stream=true`: each SSE `data:` line is one of these (OpenAI's TranscriptTextDeltaEvent,
 * TranscriptTextSegmentEvent, TranscriptTextDoneEvent). The `done` event also carries the
 * segments with their speakers (extension), since a stream may have sent segment events only.
 */
export const TranscriptTextDelta = z.object({
  type: z.literal('transcript.text.delta'),
  delta: z.string(),
  /** With diarization: the `seg_N` id of the segment this delta belongs to. */
  segment_id: z.string().optional(),
});
export const TranscriptTextSegment = TranscriptionDiarizedSegment;
export const TranscriptTextDone = z.object({
  type: z.literal('transcript.text.done'),
  text: z.string(),
  usage: TranscriptionUsage.optional(),
  /** Extension: every segment (with speakers when diarized). */
  segments: z.array(TranscriptionDiarizedSegment).optional(),
});
export const TranscriptStreamEvent = z.discriminatedUnion('type', [TranscriptTextDelta, TranscriptTextSegment, TranscriptTextDone]);
export type TranscriptStreamEvent = z.infer<typeof TranscriptStreamEvent>;

/** `chunking_strategy`: `auto`, or server VAD with its knobs (OpenAI's names and ranges). */
export const ServerVadChunking = z.object({
  type: z.literal('server_vad'),
  /** Audio kept before detected speech, milliseconds. */
  prefix_padding_ms: z.number().int().min(0).max(10_000).optional(),
  /** Silence that ends a chunk, milliseconds. */
  silence_duration_ms: z.number().int().min(0).max(10_000).optional(),
  /** Speech probability threshold, 0 to 1. */
  threshold: z.number().min(0).max(1).optional(),
});
export const ChunkingStrategy = z.union([z.literal('auto'), ServerVadChunking]);
export type ChunkingStrategy = z.infer<typeof ChunkingStrategy>;

/** A multipart text field: the intake gives strings, and `name[]` fields as arrays. */
const one = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), schema);
const many = <T extends z.ZodType>(item: T, max: number) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).max(max));
const formBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const formInt = (min: number, max: number) => z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

/** `chunking_strategy` as a form field: `auto`, or the JSON of a server_vad object. */
const chunkingField = z.string().max(1024).transform((v, ctx) => {
  if (v === 'auto') return 'auto' as const;
  try {
    return ServerVadChunking.parse(JSON.parse(v));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected "auto" or a JSON object {"type":"server_vad", "prefix_padding_ms"?, "silence_duration_ms"?, "threshold"?}' });
    return z.NEVER;
  }
});

/**
 * The text fields of `POST /v1/audio/transcriptions` (the `file` part is the upload itself).
 * Extensions: diarization_model, num_speakers, min_speakers, max_speakers.
 */
export const TranscriptionForm = z.object({
  model: one(z.string().min(1).max(256)),
  /** ISO 639-1 (`en`), checked against the model's languages. */
  language: one(z.string().regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})?$/, 'expected an ISO 639-1 code such as "en"')).optional(),
  prompt: one(z.string().max(8192)).optional(),
  temperature: one(z.string().transform(Number).pipe(z.number().min(0).max(1))).optional(),
  response_format: one(AudioResponseFormat).default('json'),
  timestamp_granularities: many(TimestampGranularity, 2).optional(),
  stream: one(formBoolean).optional(),
  chunking_strategy: one(chunkingField).optional(),
  include: many(z.string().max(64), 8).optional(),
  known_speaker_names: many(z.string().min(1).max(64), 4).optional(),
  /** Data URLs (`data:audio/wav;base64,…`) of 2–10 s of each known speaker. */
  known_speaker_references: many(z.string().regex(/^data:[\w.+-]+\/[\w.+-]+(;[\w=.+-]+)*;base64,/, 'expected a data URL such as data:audio/wav;base64,…'), 4).optional(),
  diarization_model: one(z.string().min(1).max(256)).optional(),
  num_speakers: one(formInt(1, 32)).optional(),
  min_speakers: one(formInt(1, 32)).optional(),
  max_speakers: one(formInt(1, 32)).optional(),
});
export type TranscriptionForm = z.infer<typeof TranscriptionForm>;
