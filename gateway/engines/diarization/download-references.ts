import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoRef } from '../../contract/models';
import type { HubCache } from '../../hub/cache';
import { parsePipelineConfig, referencedRepos } from './pipeline-config';

/** Files fetched from a repo that config.yaml references: ONNX weights and small configs. */
const REFERENCED_FILES = ['*.onnx', '*.onnx.data', '*.json', '*.yaml'];

/**
 * What the download of a model must fetch: its own repos, and, for a pyannote pipeline whose
 * config.yaml is already in the cache, the hub repos that file references for the roles the entry
 * has no repo of (`embedding: org/name@rev`). The first download brings config.yaml; the next one
 * (the guide's fix: force the download) brings what it references.
 */
export function downloadRepos(entry: { engine: string; repos: RepoRef[] }, cache: HubCache): RepoRef[] {
  if (entry.engine !== 'pyannote') return entry.repos;
  const pipeline = entry.repos.find((r) => r.role === 'pipeline');
  if (!pipeline) return entry.repos;
  const commit = cache.resolveCommit(pipeline.repo, pipeline.revision);
  const file = commit ? join(cache.snapshotDir(pipeline.repo, commit), 'config.yaml') : null;
  if (!file || !existsSync(file)) return entry.repos;
  let references;
  try {
    references = referencedRepos(parsePipelineConfig(readFileSync(file, 'utf8')));
  } catch {
    return entry.repos; // the load reports a malformed config.yaml with its reason
  }
  const roles = new Set(entry.repos.map((r) => r.role));
  const extra = references.filter((r) => !roles.has(r.role)).map((r): RepoRef => ({ repo: r.repo, revision: r.revision, role: r.role, files: REFERENCED_FILES }));
  return [...entry.repos, ...extra];
}
