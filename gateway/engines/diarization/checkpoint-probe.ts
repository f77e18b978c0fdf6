import { MissingCheckpointError, parsePipelineConfig, resolveCheckpoints, type PipelineConfig } from './pipeline-config';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The checkpoint files a downloaded pyannote model still lacks: what its load would fail on
 * (the guide's « Pyannote ne trouve pas ses checkpoints »). Empty when every reference resolves.
 * `snapshotDirs` is the snapshot per repo role, as the model manager gives the worker.
 */
export function missingCheckpoints(snapshotDirs: Record<string, string>): string[] {
  let config: PipelineConfig = { params: {}, checkpoints: {} };
  const file = snapshotDirs.pipeline === undefined ? undefined : join(snapshotDirs.pipeline, 'config.yaml');
  try {
    if (file !== undefined && existsSync(file)) config = parsePipelineConfig(readFileSync(file, 'utf8'));
    resolveCheckpoints(snapshotDirs, config);
    return [];
  } catch (err) {
    if (err instanceof MissingCheckpointError) return [err.path];
    return [`${file ?? 'config.yaml'} (${err instanceof Error ? err.message : String(err)})`];
  }
}
