import type { ModelCache } from '../../models/model-cache';
import type { CatalogEntry } from '../../models/presets';
import { findOnnxFile } from '../find-onnx-file';

export interface VadModelSource {
  entries(): CatalogEntry[];
  cache: Pick<ModelCache, 'isComplete' | 'snapshotDir'>;
}

/**
 * The silero VAD model that cuts long audio for `entry`: its own repo with the role `vad` when the
 * entry has one, else the first downloaded catalog model of engine `silero-vad` (the preset).
 * Null when none is downloaded: the service then cuts fixed windows.
 */
export function vadModelFile(source: VadModelSource, entry: CatalogEntry): string | null {
  const own = entry.repos.some((r) => r.role === 'vad');
  const candidates: Array<[CatalogEntry, string | undefined]> = own ? [[entry, 'vad']] : source.entries().filter((e) => e.engine === 'silero-vad').map((e) => [e, undefined]);
  for (const [e, role] of candidates) {
    if (!source.cache.isComplete(e)) continue;
    const file = typeof e.options?.file === 'string' && role === undefined ? e.options.file : undefined;
    return findOnnxFile(source.cache.snapshotDir(e, role), file);
  }
  return null;
}
