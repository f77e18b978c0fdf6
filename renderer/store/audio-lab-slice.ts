import type { StateCreator } from 'zustand';
import type { ErrorObject } from '../../gateway/contract/errors';
import type { AppState } from './app-store';

export type ExportFormat = 'txt' | 'srt' | 'vtt' | 'rttm' | 'json';

export interface AudioLabOptions {
  model: string;
  /** ISO 639-1, '' to let the model detect it. */
  language: string;
  isDiarized: boolean;
  diarizationModel: string;
  /** '' when not given; the gateway takes numbers. */
  numSpeakers: string;
  minSpeakers: string;
  maxSpeakers: string;
  task: 'transcribe' | 'translate';
}

/** The transcript as the lab shows it: segments with optional speakers, seconds from the start. */
export interface LabTranscript {
  text: string;
  language: string | null;
  durationSeconds: number;
  segments: { start: number; end: number; text: string; speaker?: string }[];
  /** The gateway's answer as it came, for the JSON export. */
  raw: unknown;
}

export interface AudioLabSlice {
  audioLab: {
    file: File | null;
    options: AudioLabOptions;
    phase: 'idle' | 'uploading' | 'processing' | 'done' | 'failed';
    uploadedBytes: number;
    result: LabTranscript | null;
    /** Wall-clock seconds from send to answer, measured here. */
    elapsedSeconds: number | null;
    /** The gateway's own timing, when it reports it (usage extension). */
    processingSeconds: number | null;
    error: ErrorObject | null;
  };
  setAudioFile: (file: File | null) => void;
  setAudioOptions: (patch: Partial<AudioLabOptions>) => void;
  setAudioRun: (patch: Partial<Omit<AudioLabSlice['audioLab'], 'options' | 'file'>>) => void;
}

export const createAudioLabSlice: StateCreator<AppState, [], [], AudioLabSlice> = (set) => ({
  audioLab: {
    file: null,
    options: { model: '', language: '', isDiarized: false, diarizationModel: '', numSpeakers: '', minSpeakers: '', maxSpeakers: '', task: 'transcribe' },
    phase: 'idle',
    uploadedBytes: 0,
    result: null,
    elapsedSeconds: null,
    processingSeconds: null,
    error: null,
  },
  setAudioFile: (file) => set((s) => ({ audioLab: { ...s.audioLab, file, phase: 'idle', result: null, error: null, elapsedSeconds: null, processingSeconds: null } })),
  setAudioOptions: (patch) => set((s) => ({ audioLab: { ...s.audioLab, options: { ...s.audioLab.options, ...patch } } })),
  setAudioRun: (patch) => set((s) => ({ audioLab: { ...s.audioLab, ...patch } })),
});

/** Speakers in order of first appearance: lane order and chip colours follow it. */
export function selectSpeakers(s: AppState): string[] {
  const seen: string[] = [];
  for (const seg of s.audioLab.result?.segments ?? []) if (seg.speaker && !seen.includes(seg.speaker)) seen.push(seg.speaker);
  return seen;
}

/** Real-time factor: processing time over audio length (below 1 is faster than real time). */
export function selectRealTimeFactor(s: AppState): number | null {
  const seconds = s.audioLab.processingSeconds ?? s.audioLab.elapsedSeconds;
  const duration = s.audioLab.result?.durationSeconds;
  return seconds !== null && duration ? seconds / duration : null;
}
