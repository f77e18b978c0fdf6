/**
 * The whole pyannote engine (fixture ONNX models, test/fixtures/models/diarization-models.ts) on
 * an hour of synthetic conversation: the espeak-ng support call repeated. Shows the time inside
 * ONNX Runtime apart from the TypeScript pipeline (fbank, clustering, reconstruction).
 *   node --import tsx test/bench/diarization-pipeline.ts [hours]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileDer } from '../../gateway/audio/der';
import type { SpeakerTurn } from '../../gateway/audio/transcript';
import { pyannoteEngine } from '../../gateway/engines/diarization/pyannote-engine';
import { makeConversation, SUPPORT_CALL } from '../fixtures/audio/two-voices';
import { writeDiarizationModels } from '../fixtures/models/diarization-models';

const hours = Number(process.argv[2] ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'bench-diarization-'));
try {
  const call = makeConversation(SUPPORT_CALL);
  const copies = Math.ceil((hours * 3600) / call.durationSeconds);
  const audio = new Float32Array(copies * call.samples.length);
  const reference: SpeakerTurn[] = [];
  for (let i = 0; i < copies; i++) {
    audio.set(call.samples, i * call.samples.length);
    for (const t of call.reference) reference.push({ ...t, start: t.start + i * call.durationSeconds, end: t.end + i * call.durationSeconds });
  }
  const engine = await pyannoteEngine.load(writeDiarizationModels(dir), {}, { gpuDeviceIds: [] });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await engine.run({ audio }, () => {}, new AbortController().signal);
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await engine.dispose();
  const onnxSeconds = (result.onnxMs.segmentation + result.onnxMs.embedding) / 1000;
  console.log(JSON.stringify({
    audioSeconds: Math.round(audio.length / 16000), wallSeconds: +wallSeconds.toFixed(1), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    realTimeFactor: +(wallSeconds / (audio.length / 16000)).toFixed(4),
    onnxSegmentationSeconds: +(result.onnxMs.segmentation / 1000).toFixed(1), onnxEmbeddingSeconds: +(result.onnxMs.embedding / 1000).toFixed(1),
    outsideOnnxSeconds: +(wallSeconds - onnxSeconds).toFixed(1),
    stages: { segmentationSeconds: +(result.timing.segmentationMs / 1000).toFixed(1), embeddingSeconds: +(result.timing.embeddingMs / 1000).toFixed(1), clusteringSeconds: +(result.timing.clusteringMs / 1000).toFixed(1) },
    speakers: result.speakers.length, der: +(fileDer(reference, result.turns).der * 100).toFixed(2),
    peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20),
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
