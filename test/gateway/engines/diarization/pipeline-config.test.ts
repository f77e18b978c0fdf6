import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingCheckpointError, parsePipelineConfig, referencedRepos, resolveCheckpoints } from '../../../../gateway/engines/diarization/pipeline-config';
import { parseYamlSubset } from '../../../../gateway/engines/diarization/pipeline-yaml';
import { tempDir } from '../../../helpers/temp-dir';

const CONFIG_31 = `version: 3.1.0
pipeline:
  name: pyannote.audio.pipelines.SpeakerDiarization
  params:
    clustering: AgglomerativeClustering
    embedding: pyannote/wespeaker-voxceleb-resnet34-LM
    embedding_exclude_overlap: true
    segmentation: pyannote/segmentation-3.0
    segmentation_batch_size: 32 # throughput only
params:
  clustering:
    method: centroid
    min_cluster_size: 12
    threshold: 0.7045654963945799
  segmentation:
    min_duration_off: 0.5
`;

describe('pipeline config.yaml', () => {
  it('reads the 3.1 hyper-parameters and checkpoint references', () => {
    const config = parsePipelineConfig(CONFIG_31);
    expect(config.params).toEqual({ threshold: 0.7045654963945799, minClusterSize: 12, minDurationOff: 0.5, embeddingExcludeOverlap: true, segmentationBatchSize: 32 });
    expect(referencedRepos(config)).toEqual([
      { role: 'segmentation', repo: 'pyannote/segmentation-3.0', revision: 'main' },
      { role: 'embedding', repo: 'pyannote/wespeaker-voxceleb-resnet34-LM', revision: 'main' },
    ]);
  });

  it('reads the flow-mapping form of pyannote 4.x with $model references', () => {
    const yaml = parseYamlSubset(`pipeline: {name: x, params: {clustering: AgglomerativeClustering, segmentation: $model/segmentation, embedding: "$model/embedding@v2"}}\nparams: {clustering: {threshold: 0.6}}`);
    expect(yaml).toMatchObject({ pipeline: { params: { segmentation: '$model/segmentation', embedding: '$model/embedding@v2' } }, params: { clustering: { threshold: 0.6 } } });
    expect(referencedRepos(parsePipelineConfig(`pipeline: {params: {segmentation: $model/segmentation}}`))).toEqual([]);
  });

  it('fetches no reference that breaks the hub\'s rules (a config.yaml is the hub\'s content)', () => {
    const config = parsePipelineConfig('pipeline:\n  params:\n    segmentation: evil/seg@../../../../tmp/x\n    embedding: a/..\n');
    expect(referencedRepos(config)).toEqual([]);
    expect(referencedRepos(parsePipelineConfig('pipeline:\n  params:\n    segmentation: org/seg@refs/pr/3\n'))).toEqual([{ role: 'segmentation', repo: 'org/seg', revision: 'refs/pr/3' }]);
  });

  it('refuses clustering this engine does not run', () => {
    expect(() => parsePipelineConfig('pipeline:\n  params:\n    clustering: VBxClustering\n')).toThrow(/VBxClustering.*AgglomerativeClustering\) only/);
  });
});

describe('checkpoint resolution', () => {
  const root = tempDir();
  const file = (path: string): string => { mkdirSync(join(path, '..'), { recursive: true }); writeFileSync(path, 'onnx'); return path; };

  it('prefers the catalog entry role repos (ONNX exports)', () => {
    const seg = file(join(root, 'a/seg/onnx/model.onnx'));
    const emb = file(join(root, 'a/emb/speaker-embedding.onnx'));
    expect(resolveCheckpoints({ segmentation: join(root, 'a/seg'), embedding: join(root, 'a/emb') }, parsePipelineConfig(CONFIG_31))).toEqual({ segmentation: seg, embedding: emb });
  });

  it('resolves $model/… inside the pipeline snapshot and org/name in the HF cache it belongs to', () => {
    const cache = join(root, 'hub');
    const pipeline = join(cache, 'models--me--pipe/snapshots/' + 'a'.repeat(40));
    const seg = file(join(pipeline, 'segmentation/model.onnx'));
    const commit = 'b'.repeat(40);
    const emb = file(join(cache, `models--org--emb/snapshots/${commit}/speaker-embedding.onnx`));
    mkdirSync(join(cache, 'models--org--emb/refs'), { recursive: true });
    writeFileSync(join(cache, 'models--org--emb/refs/main'), commit);
    const config = parsePipelineConfig('pipeline:\n  params:\n    segmentation: $model/segmentation\n    embedding: org/emb\n');
    expect(resolveCheckpoints({ pipeline }, config)).toEqual({ segmentation: seg, embedding: emb });
  });

  it('names the missing file when a reference is not in the cache', () => {
    const pipeline = join(root, 'hub/models--me--pipe2/snapshots/' + 'c'.repeat(40));
    mkdirSync(pipeline, { recursive: true });
    const config = parsePipelineConfig('pipeline:\n  params:\n    segmentation: $model/segmentation\n    embedding: org/absent\n');
    let error: unknown;
    try { resolveCheckpoints({ pipeline }, config); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(MissingCheckpointError);
    expect((error as MissingCheckpointError).role).toBe('segmentation');
    expect((error as Error).message).toContain(join(pipeline, 'segmentation'));
    expect(() => resolveCheckpoints({ pipeline, segmentation: join(root, 'a/seg') }, config)).toThrow(/embedding checkpoint "org\/absent".*models--org--absent/);
  });
});
