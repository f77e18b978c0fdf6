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
      // A pipeline whose embedding is another repo of the hub (pyannote 3.x style reference).
      { id: 'acme/diarization-refs', files: [{ path: 'config.yaml', content: CONFIG.replace('$model/embedding', 'acme/wespeaker-onnx') }, { path: 'segmentation/model.onnx', content: Buffer.from(segmentationModel()) }] },
      { id: 'acme/wespeaker-onnx', files: [{ path: 'speaker-embedding.onnx', content: Buffer.from(embeddingModel()) }, { path: 'pytorch_model.bin', content: 'not fetched' }] },
    ],
  });
  afterAll(() => hub.close());
  gw = await startTestGateway({ HF_ENDPOINT: hub.url });
});

async function completedDownloads(key: string): Promise<number> {
  const { events } = (await (await gw.admin(`/api/admin/events?model=${key}&kind=download.completed`)).json()) as { events: unknown[] };
  return events.length;
}

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

  it('fetches the repos config.yaml references when the download is forced, then loads', async () => {
    await addAndDownload('acme-refs', 'acme/diarization-refs');
    const first = await gw.admin('/api/admin/models/acme-refs/load', { method: 'POST', body: '{}' });
    expect(((await first.json()) as { error: { message: string } }).error.message).toMatch(/embedding checkpoint "acme\/wespeaker-onnx".*models--acme--wespeaker-onnx/);
    // The guide's fix: force the download. config.yaml is now local, so its references come too.
    await until(async () => (await completedDownloads('acme-refs')) === 1);
    await gw.admin('/api/admin/models/acme-refs/download', { method: 'POST', body: '{}' });
    await until(async () => (await completedDownloads('acme-refs')) === 2);
    const second = await gw.admin('/api/admin/models/acme-refs/load', { method: 'POST', body: '{}' });
    expect(second.status).toBe(200);
  });
});
