import { TranscriptionDiarized, TranscriptionJson, TranscriptionVerbose } from '../../../gateway/contract/audio';
import type { LabTranscript } from '../../store/audio-lab-slice';

/** Reads the gateway's answer (diarized_json, verbose_json or json) with the contract's schemas. */
export function toLabTranscript(raw: unknown): { transcript: LabTranscript; processingSeconds: number | null } | null {
  const diarized = TranscriptionDiarized.safeParse(raw);
  if (diarized.success) {
    const d = diarized.data;
    return { transcript: { text: d.text, language: null, durationSeconds: d.duration, raw, segments: d.segments.map((s) => ({ start: s.start, end: s.end, text: s.text.trim(), speaker: s.speaker })) }, processingSeconds: d.usage?.processing_seconds ?? null };
  }
  const verbose = TranscriptionVerbose.safeParse(raw);
  if (verbose.success) {
    const v = verbose.data;
    return { transcript: { text: v.text, language: v.language, durationSeconds: v.duration, raw, segments: (v.segments ?? []).map((s) => ({ start: s.start, end: s.end, text: s.text.trim() })) }, processingSeconds: v.usage?.processing_seconds ?? null };
  }
  const json = TranscriptionJson.safeParse(raw);
  if (json.success) {
    const seconds = json.data.usage?.audio_seconds ?? 0;
    return { transcript: { text: json.data.text, language: null, durationSeconds: seconds, raw, segments: [] }, processingSeconds: json.data.usage?.processing_seconds ?? null };
  }
  return null;
}
