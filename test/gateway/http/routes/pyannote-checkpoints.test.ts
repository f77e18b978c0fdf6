import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { ModelList } from '../../../../gateway/contract/models';
import { startTestGateway, type TestGateway } from '../../../helpers/in-process-gateway';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { embeddingModel, segmentationModel } from '../../../fixtures/models/diarization-models';

// A self-contained pipeline repo in the pyannote 4.x layout: config.yaml points at its own folders.
const CONFIG = `pipeline:
  name: pyannote.audio.pipelines.SpeakerDiarization
  params: {clustering: AgglomerativeClustering, segmentation: $model/segmentation, embedding: $model/embedding, embedding_exclude_overlap: true}
params: {clustering: {method: centroid, threshold: 0.7045654963945799, min_cluster_size: 12}, segmentation: {min_duration_off: 0.0}}
`;

let gw: TestGateway;

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function addAndDownload(key: string, repo: string): Promise<void> {
  const add = await gw.admin('/api/admin/models', { method: 'POST', body: JSON.stringify({ key, engine: 'pyannote', task: 'diarization', repos: [{ repo, role: 'pipeline' }] }) });
  expect(add.status).toBe(201);
  await gw.admin(`/api/admin/models/${key}/download`, { method: 'POST', body: '{}' });
  await until(async () => {
    const { models } = (await (await gw.admin('/api/admin/models')).json()) as ModelList;
    return models.find((m) => m.key === key)!.cache.state === 'complete';
  });
}

beforeAll(async () => {
  const hub = await startTestHub({
    repos: [
      { id: 'acme/diarization-complete', files: [{ path: 'config.yaml', content: CONFIG }, { path: 'segmentation/model.onnx', content: Buffer.from(segmentationModel()) }, { path: 'embedding/model.onnx', content: Buffer.from(embeddingModel()) }] },
      { id: 'acme/diarization-broken', files: [{ path: 'config.yaml', content: CONFIG }, { path: 'segmentation/model.onnx', content: Buffer.from(segmentationModel()) }] },
    ],
  });
  afterAll(() => hub.close());
  gw = await startTestGateway({ HF_ENDPOINT: hub.url });
});

describe('a pyannote pipeline repo with $model/… checkpoints', () => {
  it('loads when its config.yaml references resolve inside the snapshot', async () => {
    await addAndDownload('acme-ok', 'acme/diarization-complete');
    const load = await gw.admin('/api/admin/models/acme-ok/load', { method: 'POST', body: '{}' });
    expect(load.status).toBe(200);
  });

  it('fails to load naming the missing checkpoint', async () => {
    await addAndDownload('acme-broken', 'acme/diarization-broken');
    const load = await gw.admin('/api/admin/models/acme-broken/load', { method: 'POST', body: '{}' });
    expect(load.status).toBeGreaterThanOrEqual(500);
    const { error } = (await load.json()) as { error: { message: string } };
    expect(error.message).toMatch(/pyannote cannot find its embedding checkpoint "\$model\/embedding": .*\/embedding is missing/);
  });
});
