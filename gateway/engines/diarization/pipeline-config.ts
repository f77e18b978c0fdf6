import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { HubCache } from '../../hub/cache';
import { validateRepoId, validateRevision } from '../../hub/repo-id';
import { shallowestOnnxFile } from '../find-onnx-file';
import type { PipelineParams } from './pipeline-params';
import { parseYamlSubset, type YamlMap, type YamlValue } from './pipeline-yaml';

/**
 * A pyannote pipeline repo's `config.yaml` (engines.md §2.1–2.2): hyper-parameters, and where the
 * segmentation and embedding checkpoints are — another repo (`pyannote/segmentation-3.0`), a
 * folder of the pipeline repo itself (`$model/segmentation`, pyannote 4.x), or a path.
 */
export type CheckpointRole = 'segmentation' | 'embedding';

export interface PipelineConfig {
  params: Partial<PipelineParams>;
  checkpoints: Partial<Record<CheckpointRole, string>>;
}

export function parsePipelineConfig(text: string): PipelineConfig {
  const yaml = parseYamlSubset(text);
  const pipeline = asMap(asMap(yaml.pipeline).params);
  const clustering = asMap(asMap(yaml.params).clustering);
  const segmentation = asMap(asMap(yaml.params).segmentation);
  const method = clustering.method;
  if (typeof pipeline.clustering === 'string' && pipeline.clustering !== 'AgglomerativeClustering') {
    throw new Error(`config.yaml asks for ${pipeline.clustering}; this engine runs the 3.1 pipeline (AgglomerativeClustering) only`);
  }
  if (method !== undefined && method !== 'centroid') throw new Error(`config.yaml clustering method "${String(method)}" is not supported; the 3.1 pipeline uses "centroid"`);
  const params: Partial<PipelineParams> = {};
  if (typeof clustering.threshold === 'number') params.threshold = clustering.threshold;
  if (typeof clustering.min_cluster_size === 'number') params.minClusterSize = clustering.min_cluster_size;
  if (typeof segmentation.min_duration_off === 'number') params.minDurationOff = segmentation.min_duration_off;
  if (typeof pipeline.embedding_exclude_overlap === 'boolean') params.embeddingExcludeOverlap = pipeline.embedding_exclude_overlap;
  if (typeof pipeline.segmentation_batch_size === 'number') params.segmentationBatchSize = pipeline.segmentation_batch_size;
  const checkpoints: PipelineConfig['checkpoints'] = {};
  for (const role of ['segmentation', 'embedding'] as const) {
    const ref = pipeline[role];
    if (typeof ref === 'string') checkpoints[role] = ref;
    else if (ref && typeof ref === 'object' && typeof ref.checkpoint === 'string') checkpoints[role] = ref.checkpoint;
  }
  return { params, checkpoints };
}

/**
 * Hub repos a config.yaml references (`org/name[@revision]`), which a download must fetch too.
 * The file comes from the hub: a reference that breaks the hub's id or revision rules is not
 * fetched (the load then names it as a missing checkpoint).
 */
export function referencedRepos(config: PipelineConfig): Array<{ repo: string; revision: string; role: CheckpointRole }> {
  return (Object.entries(config.checkpoints) as Array<[CheckpointRole, string]>)
    .filter(([, ref]) => isRepoReference(ref))
    .map(([role, ref]) => ({ role, ...splitRevision(ref) }))
    .filter(({ repo, revision }) => isValidRef(repo, revision));
}

function isValidRef(repo: string, revision: string): boolean {
  try {
    validateRepoId(repo);
    validateRevision(revision);
    return true;
  } catch {
    return false;
  }
}

/** A checkpoint the config points at that is not on disk; `path` is what was looked for. */
export class MissingCheckpointError extends Error {
  constructor(readonly role: CheckpointRole, readonly reference: string, readonly path: string) {
    super(`pyannote cannot find its ${role} checkpoint "${reference}": ${path} is missing. Download the model again (POST /api/admin/models/<key>/download) and check the disk space.`);
    this.name = 'MissingCheckpointError';
  }
}

/**
 * The ONNX file of each role. A role repo of the catalog entry (an ONNX export) wins; otherwise
 * the config.yaml reference is resolved: `$model/<sub>` inside the pipeline snapshot, `org/name`
 * in the HF cache the pipeline snapshot belongs to, a path relative to the pipeline snapshot.
 */
export function resolveCheckpoints(snapshotDirs: Record<string, string>, config: PipelineConfig): Record<CheckpointRole, string> {
  const out = {} as Record<CheckpointRole, string>;
  for (const role of ['segmentation', 'embedding'] as const) {
    const own = snapshotDirs[role];
    if (own !== undefined) { out[role] = onnxIn(own, role, own); continue; }
    const ref = config.checkpoints[role];
    if (ref === undefined) throw new MissingCheckpointError(role, `(${role} not set in config.yaml)`, `${snapshotDirs.pipeline ?? '?'}/config.yaml`);
    out[role] = onnxIn(locate(ref, role, snapshotDirs.pipeline), role, ref);
  }
  return out;
}

function locate(ref: string, role: CheckpointRole, pipelineDir: string | undefined): string {
  if (ref.startsWith('$model/') || ref.startsWith('$MODEL/')) {
    if (pipelineDir === undefined) throw new MissingCheckpointError(role, ref, 'the pipeline repo');
    return join(pipelineDir, splitRevision(ref.slice('$model/'.length)).repo);
  }
  if (isRepoReference(ref)) {
    const { repo, revision } = splitRevision(ref);
    // Snapshots live at <cache>/models--org--name/snapshots/<commit>: the cache is three levels up.
    const cache = new HubCache(pipelineDir ? resolve(pipelineDir, '..', '..', '..') : '.');
    const commit = cache.resolveCommit(repo, revision);
    const dir = commit ? cache.snapshotDir(repo, commit) : join(cache.repoDir(repo), 'refs', revision);
    if (!commit || !existsSync(dir)) throw new MissingCheckpointError(role, ref, dir);
    return dir;
  }
  return isAbsolute(ref) ? ref : resolve(pipelineDir ?? '.', ref);
}

/** The .onnx file at `path` (a file, or the shallowest one in a folder). */
function onnxIn(path: string, role: CheckpointRole, ref: string): string {
  if (!existsSync(path)) throw new MissingCheckpointError(role, ref, path);
  if (statSync(path).isFile()) {
    if (!path.endsWith('.onnx')) throw new Error(`the ${role} checkpoint ${path} is not ONNX: this engine needs an ONNX export (see doc/operations.md)`);
    return path;
  }
  const found = shallowestOnnxFile(path);
  if (found === undefined) throw new MissingCheckpointError(role, ref, join(path, '*.onnx'));
  return found;
}

function isRepoReference(ref: string): boolean {
  return /^[A-Za-z0-9][\w.-]*\/[\w.-]+(@[\w./-]+)?$/.test(ref) && !ref.startsWith('.') && !ref.endsWith('.onnx') && !ref.endsWith('.bin');
}

function splitRevision(ref: string): { repo: string; revision: string } {
  const at = ref.indexOf('@');
  return at < 0 ? { repo: ref, revision: 'main' } : { repo: ref.slice(0, at), revision: ref.slice(at + 1) };
}

function asMap(v: YamlValue | undefined): YamlMap {
  return v !== null && typeof v === 'object' ? v : {};
}
