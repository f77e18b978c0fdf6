import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HubCache } from '../../gateway/hub/cache';
import { SILERO_VAD_ONNX } from './silero-snapshot';

export const SILERO_REPO = 'onnx-community/silero-vad';

/**
 * Puts the silero-vad preset in MODEL_CACHE_DIR as a finished download would leave it: blobs,
 * snapshot links, refs/main and the tree of the manifest. Returns the commit.
 */
export function seedSileroCache(cacheDir: string): string {
  const cache = new HubCache(cacheDir);
  const commit = randomBytes(20).toString('hex');
  const onnx = readFileSync(SILERO_VAD_ONNX);
  const config = Buffer.from('{"model_type":"silero-vad"}');
  const onnxId = createHash('sha256').update(onnx).digest('hex');
  const configId = createHash('sha1').update(config).digest('hex');
  for (const [id, bytes] of [[onnxId, onnx], [configId, config]] as const) {
    const blob = cache.blobPath(SILERO_REPO, id);
    mkdirSync(dirname(blob), { recursive: true });
    writeFileSync(blob, bytes);
  }
  cache.writeTree(SILERO_REPO, commit, [
    { path: 'onnx/model.onnx', size: onnx.length, blobId: onnxId, sha256: onnxId },
    { path: 'config.json', size: config.length, blobId: configId },
  ]);
  cache.linkSnapshot(SILERO_REPO, commit, 'onnx/model.onnx', onnxId);
  cache.linkSnapshot(SILERO_REPO, commit, 'config.json', configId);
  cache.writeRef(SILERO_REPO, 'main', commit);
  return commit;
}
