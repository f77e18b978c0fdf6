import type { SpeakerHints } from '../../contract/diarization';
import type { SpeakerTurn } from '../../audio/transcript';
import type { ModelLease } from '../../models/model-lease';
import { chooseDiarizationModel, type DiarizationCatalog } from './diarization-model-choice';
import type { KnownSpeaker } from './known-speakers';
import type { DiarizationRequest, DiarizationResult } from './pyannote-engine';

export interface DiarizationServiceDeps {
  catalog: DiarizationCatalog;
  /** A loaded model for one request (ModelManager.acquire: lazy load, 503 while loading). */
  acquire(key: string): Promise<ModelLease>;
  /** Throws when the caller may not use the model (an API key limited to other models). */
  assertAllowed?(key: string): void;
}

export interface DiarizeInput {
  /** 16 kHz mono float32. */
  samples: Float32Array;
  /** The model the request names, if any, and the field it came in. */
  model?: string;
  modelParam: string;
  hints: SpeakerHints;
  knownSpeakers?: KnownSpeaker[];
  signal?: AbortSignal;
}

/** Runs one diarization on the chosen model's worker; the lease is released in every outcome. */
export async function runDiarization(deps: DiarizationServiceDeps, input: DiarizeInput): Promise<{ model: string; result: DiarizationResult }> {
  const model = chooseDiarizationModel(input.model, deps.catalog, input.modelParam);
  deps.assertAllowed?.(model);
  const lease = await deps.acquire(model);
  try {
    const request: DiarizationRequest = {
      audio: input.samples,
      bounds: { numSpeakers: input.hints.num_speakers, minSpeakers: input.hints.min_speakers, maxSpeakers: input.hints.max_speakers },
      knownSpeakers: input.knownSpeakers,
    };
    const result = (await lease.run(request, { signal: input.signal })) as DiarizationResult;
    return { model, result };
  } finally {
    lease.release();
  }
}

export interface LabelledDiarization {
  speakers: string[];
  turns: SpeakerTurn[];
  exclusiveTurns: SpeakerTurn[];
}

/**
 * The speaker labels a client sees: a known speaker's name where a reference matched, else
 * pyannote's `SPEAKER_00`… (`pyannote`, for /v1/audio/diarizations and RTTM) or OpenAI's `A`, `B`…
 * (`letters`, for diarized_json and subtitles), in the order speakers were found.
 */
export function labelSpeakers(result: DiarizationResult, style: 'pyannote' | 'letters'): LabelledDiarization {
  const rename = new Map<string, string>();
  let letter = 0;
  for (const s of result.speakers) {
    const known = result.names[s];
    rename.set(s, known ?? (style === 'pyannote' ? s : letterLabel(letter++)));
  }
  const relabel = (turns: SpeakerTurn[]): SpeakerTurn[] => turns.map((t) => ({ ...t, speaker: rename.get(t.speaker) ?? t.speaker }));
  return { speakers: result.speakers.map((s) => rename.get(s)!), turns: relabel(result.turns), exclusiveTurns: relabel(result.exclusiveTurns) };
}

/** A, B, …, Z, AA, AB, … */
function letterLabel(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : letterLabel(Math.floor(i / 26) - 1) + letterLabel(i % 26);
}
