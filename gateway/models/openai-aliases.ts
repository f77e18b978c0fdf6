import type { ModelEntry } from '../contract/models';

/** OpenAI's transcription model names, answered by the gateway's own transcription model. */
export const OPENAI_TRANSCRIPTION_ALIASES: readonly string[] = ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe'];
/** OpenAI's diarizing transcription model: the same model plus the loaded diarization model. */
export const OPENAI_DIARIZE_ALIAS = 'gpt-4o-transcribe-diarize';

export interface AliasTarget {
  /** The catalog key that serves the name. */
  key: string;
  /** Set for the diarize name: the diarization model to run (null when none is loaded or downloaded). */
  diarizationModel?: string | null;
}

type Entry = Pick<ModelEntry, 'key' | 'task' | 'cache' | 'runtime'>;

/**
 * The catalog key behind a built-in OpenAI name, or null for any other name. Clients hard-code
 * `whisper-1` (Open WebUI, LibreChat, Home Assistant…), so the name follows what the operator has:
 * the loaded model of the task, else the first downloaded, else the preset (`canary` for
 * transcription), whose own errors then say what to download.
 */
export function resolveOpenAIAlias(name: string, entries: readonly Entry[]): AliasTarget | null {
  const diarize = name === OPENAI_DIARIZE_ALIAS;
  if (!diarize && !OPENAI_TRANSCRIPTION_ALIASES.includes(name)) return null;
  const key = pick(entries, 'transcription') ?? 'canary';
  return diarize ? { key, diarizationModel: pick(entries, 'diarization') } : { key };
}

function pick(entries: readonly Entry[], task: Entry['task']): string | null {
  const ofTask = entries.filter((e) => e.task === task);
  return (ofTask.find((e) => e.runtime.state === 'loaded') ?? ofTask.find((e) => e.cache.state === 'complete'))?.key ?? null;
}
