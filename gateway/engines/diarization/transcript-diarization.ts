import type { AudioResponseFormat } from '../../contract/audio';
import type { TranscriptionDiarizationFields } from '../../contract/diarization';
import type { Transcript } from '../../audio/transcript';
import { assignSpeakers } from './assign-speakers';
import { labelSpeakers, runDiarization, type DiarizationServiceDeps } from './diarization-service';
import { decodeKnownSpeakers } from './known-speakers';

/**
 * Diarization on /v1/audio/transcriptions: `diarized_json` always runs it; `srt`, `vtt` and
 * `verbose_json` run it when the request names a `diarization_model` (speaker-labelled cues,
 * words with a speaker); other formats never.
 */
export function wantsDiarization(format: AudioResponseFormat, fields: TranscriptionDiarizationFields): boolean {
  if (format === 'diarized_json') return true;
  return fields.diarization_model !== undefined && (format === 'srt' || format === 'vtt' || format === 'verbose_json');
}

/**
 * Diarizes the request's audio (start it beside the transcription: the two run in different
 * workers) and returns how to label the finished transcript: speakers `A`, `B`, … or the known
 * speakers' names, segments split where the speaker changes.
 */
export async function diarizeForTranscript(deps: DiarizationServiceDeps, samples: Float32Array, fields: TranscriptionDiarizationFields, signal?: AbortSignal): Promise<(t: Transcript) => Transcript> {
  const knownSpeakers = await decodeKnownSpeakers(fields.known_speaker_names, fields.known_speaker_references, signal);
  const { result } = await runDiarization(deps, { samples, model: fields.diarization_model, modelParam: 'diarization_model', hints: fields, knownSpeakers, signal });
  const { exclusiveTurns } = labelSpeakers(result, 'letters');
  return (t) => assignSpeakers(t, exclusiveTurns);
}
