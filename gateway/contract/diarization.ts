import { z } from 'zod';

/**
 * Speaker diarization (Passerelle's extension to the OpenAI audio API): `POST /v1/audio/diarizations`
 * and the diarization fields of `POST /v1/audio/transcriptions`. Multipart form fields arrive as
 * strings, so numbers are coerced; every bound is checked here so a bad value is a 400 naming it.
 */

/** Largest speaker count a request may ask for. */
export const MAX_SPEAKERS = 32;

const speakerCount = (field: string): z.ZodType<number | undefined> => z.preprocess(
  (v) => (v === '' ? undefined : v), // an empty form field is an absent one
  z.coerce.number({ error: `${field} must be a whole number` }).int(`${field} must be a whole number`)
    .min(1, `${field} must be at least 1`).max(MAX_SPEAKERS, `${field} must be at most ${MAX_SPEAKERS}`).optional(),
);

/** `num_speakers` fixes the count; `min_speakers`/`max_speakers` bound it. All optional. */
export const SpeakerHints = z.object({
  num_speakers: speakerCount('num_speakers'),
  min_speakers: speakerCount('min_speakers'),
  max_speakers: speakerCount('max_speakers'),
});

/** For `.refine` on a form holding SpeakerHints: min_speakers ≤ max_speakers. */
export function hintsInOrder(f: { min_speakers?: number; max_speakers?: number }): boolean {
  return !(f.min_speakers && f.max_speakers && f.min_speakers > f.max_speakers);
}
export const HINTS_OUT_OF_ORDER = { message: 'min_speakers must not exceed max_speakers', path: ['min_speakers'] };
export type SpeakerHints = z.infer<typeof SpeakerHints>;

/** A list field of a form: `name[]` parts arrive as an array, a single `name` part as a string. */
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).max(4, 'at most 4 known speakers'));

/** OpenAI's known speakers: up to 4 names, matched by position to data-URL clips of 2–10 s. */
export const KnownSpeakers = z.object({
  known_speaker_names: list(z.string().trim().min(1).max(64)).optional(),
  /** `data:audio/wav;base64,…` (any accepted audio format). */
  known_speaker_references: list(z.string().startsWith('data:', 'must be a data URL (data:audio/…;base64,…)')).optional(),
});

/**
 * The diarization fields of POST /v1/audio/transcriptions (spread them into its form schema and
 * refine with hintsInOrder): `diarization_model` (extension) picks the diarization model; the
 * loaded one is used when absent.
 */
export const TranscriptionDiarizationFields = z.object({
  diarization_model: z.string().min(1).optional(),
  ...SpeakerHints.shape,
  ...KnownSpeakers.shape,
});
export type TranscriptionDiarizationFields = z.infer<typeof TranscriptionDiarizationFields>;

export const DiarizationResponseFormat = z.enum(['json', 'rttm']);
export type DiarizationResponseFormat = z.infer<typeof DiarizationResponseFormat>;

/** The form fields of POST /v1/audio/diarizations (besides `file`). */
export const DiarizationForm = z.object({
  /** The diarization model (catalog key); the loaded one when absent. */
  model: z.string().min(1).optional(),
  response_format: DiarizationResponseFormat.default('json'),
  ...SpeakerHints.shape,
  ...KnownSpeakers.shape,
}).refine(hintsInOrder, HINTS_OUT_OF_ORDER);
export type DiarizationForm = z.infer<typeof DiarizationForm>;

export const DiarizationSegment = z.object({
  /** Seconds from the start of the file. */
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  /** `SPEAKER_00`, `SPEAKER_01`, … or a known speaker's name. */
  speaker: z.string(),
});
export type DiarizationSegment = z.infer<typeof DiarizationSegment>;

/** `response_format=json` of POST /v1/audio/diarizations. */
export const DiarizationResponse = z.object({
  /** Decoded duration, seconds. */
  duration: z.number().nonnegative(),
  /** Every speaker found, in label order (empty for silence). */
  speakers: z.array(z.string()),
  /** Turns sorted by start; they overlap where speakers talk at once. */
  segments: z.array(DiarizationSegment),
  usage: z.object({
    type: z.literal('duration'),
    seconds: z.number().nonnegative(),
    /** Wall-clock seconds spent decoding and diarizing. */
    processing_seconds: z.number().nonnegative().optional(),
  }).optional(),
});
export type DiarizationResponse = z.infer<typeof DiarizationResponse>;
