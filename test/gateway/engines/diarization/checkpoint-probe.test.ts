import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingCheckpoints } from '../../../../gateway/engines/diarization/checkpoint-probe';
import { hubSources } from '../../../../gateway/diagnostics/hub-sources';
import { pyannoteCheckpointsCheck } from '../../../../gateway/diagnostics/troubleshooting/pyannote-checkpoints';
import type { DiagnosticsContext } from '../../../../gateway/diagnostics/diagnostics-context';
import type { ModelEntry } from '../../../../gateway/contract/models';
import type { CatalogEntry } from '../../../../gateway/models/presets';
import { tempDir } from '../../../helpers/temp-dir';

const root = tempDir();
const COMMUNITY_STYLE = 'pipeline:\n  params:\n    clustering: AgglomerativeClustering\n    segmentation: $model/segmentation\n    embedding: $model/embedding\n';

/** A downloaded pipeline repo whose config.yaml points at its own folders; `withEmbedding` decides if one is there. */
function pipelineSnapshot(name: string, withEmbedding: boolean): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'segmentation'), { recursive: true });
  writeFileSync(join(dir, 'config.yaml'), COMMUNITY_STYLE);
  writeFileSync(join(dir, 'segmentation', 'model.onnx'), 'onnx');
  if (withEmbedding) { mkdirSync(join(dir, 'embedding')); writeFileSync(join(dir, 'embedding', 'model.onnx'), 'onnx'); }
  return dir;
}

describe('missing pyannote checkpoints', () => {
  it('is empty when every config.yaml reference resolves, and names the file otherwise', () => {
    expect(missingCheckpoints({ pipeline: pipelineSnapshot('ok', true) })).toEqual([]);
    const broken = pipelineSnapshot('broken', false);
    expect(missingCheckpoints({ pipeline: broken })).toEqual([join(broken, 'embedding')]);
  });

  it('turns the diagnostics row « Pyannote ne trouve pas ses checkpoints » into a failure naming the file', async () => {
    const broken = pipelineSnapshot('broken-diag', false);
    const entry = { key: 'my-pipeline', engine: 'pyannote', repos: [{ repo: 'me/pipeline', revision: 'main', role: 'pipeline' }] } as unknown as CatalogEntry;
    const listed = { key: 'my-pipeline', engine: 'pyannote', cache: { state: 'complete', bytes: 1 }, download: { state: 'done' } } as unknown as ModelEntry;
    const sources = hubSources({
      token: { current: () => null, status: async () => ({ configured: false, user: null }) },
      metadata: { whoami: async () => ({ user: 'x' }) },
      list: () => [listed],
      catalog: { find: (key) => (key === entry.key ? entry : undefined) },
      cache: { snapshotDir: () => broken },
    });
    expect(await sources.modelCache!('my-pipeline')).toEqual({ state: 'partial', missingFiles: [join(broken, 'embedding')] });
    const ctx = { sources: { modelCache: (key: string) => sources.modelCache!(key === 'pyannote' ? 'my-pipeline' : key) }, config: { modelCacheDir: root } } as unknown as DiagnosticsContext;
    const row = await pyannoteCheckpointsCheck.run(ctx);
    expect(row.status).toBe('fail');
    expect(row.message).toContain(join(broken, 'embedding'));
  });
});
