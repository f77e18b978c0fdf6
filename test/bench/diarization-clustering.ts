/**
 * Clustering + reconstruction of the pyannote 3.1 pipeline for 8 hours of audio, on synthetic
 * segmentations and embeddings (no ONNX): a 6-speaker meeting with turns of 2–15 s and some
 * overlap, local speakers permuted per chunk as segmentation-3.0 does, embeddings = a speaker
 * direction plus noise. Target (issue 6): ≤ 3 s and ≤ 1 GB. Prints wall and CPU seconds: on a
 * shared machine the CPU time is the figure that does not depend on the neighbours.
 *   node --import tsx test/bench/diarization-clustering.ts [hours]
 */
import { fileDer } from '../../gateway/audio/der';
import type { SpeakerTurn } from '../../gateway/audio/transcript';
import { chunkFirstFrame, chunkStarts, frameMiddleSeconds, FRAMES_PER_CHUNK } from '../../gateway/engines/diarization/frame-grid';
import { PYANNOTE_31_PARAMS } from '../../gateway/engines/diarization/pipeline-params';
import { reconstruct } from '../../gateway/engines/diarization/reconstruction';
import { clusterSpeakers } from '../../gateway/engines/diarization/speaker-clustering';
import { speakerCount } from '../../gateway/engines/diarization/speaker-count';
import { activeClusters, activityToTurns } from '../../gateway/engines/diarization/turns';

const hours = Number(process.argv[2] ?? 8);
const SPEAKERS = 6;
const DIM = 256;
let seed = 42;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

/** The meeting: consecutive turns, 10 % of them starting 1 s before the previous one ends. */
function meeting(seconds: number): SpeakerTurn[] {
  const turns: SpeakerTurn[] = [];
  let t = 0.5;
  let previous = -1;
  while (t < seconds - 1) {
    let s = Math.floor(rand() * SPEAKERS);
    if (s === previous) s = (s + 1) % SPEAKERS;
    const start = rand() < 0.1 && turns.length > 0 ? t - 1 : t + 0.3 * rand();
    const end = Math.min(seconds, start + 2 + 13 * rand());
    turns.push({ start, end, speaker: `S${s}` });
    previous = s;
    t = end;
  }
  return turns;
}

function synthesize(turns: SpeakerTurn[], numChunks: number): { segmentation: Uint8Array; embeddings: Float32Array } {
  const directions = Array.from({ length: SPEAKERS }, () => Array.from({ length: DIM }, gauss));
  const segmentation = new Uint8Array(numChunks * FRAMES_PER_CHUNK * 3);
  const embeddings = new Float32Array(numChunks * 3 * DIM).fill(Number.NaN);
  let first = 0;
  for (let c = 0; c < numChunks; c++) {
    const from = c;
    const to = c + 10;
    while (first < turns.length && turns[first]!.end < from) first++;
    const local: string[] = [];
    for (let i = first; i < turns.length && turns[i]!.start < to; i++) {
      const turn = turns[i]!;
      if (turn.end <= from) continue;
      let s = local.indexOf(turn.speaker);
      if (s < 0) { if (local.length === 3) continue; s = local.push(turn.speaker) - 1; }
      for (let f = 0; f < FRAMES_PER_CHUNK; f++) {
        const time = frameMiddleSeconds(chunkFirstFrame(c) + f);
        if (time >= turn.start && time < turn.end) segmentation[(c * FRAMES_PER_CHUNK + f) * 3 + s] = 1;
      }
    }
    local.forEach((speaker, s) => {
      const d = directions[Number(speaker.slice(1))]!;
      for (let k = 0; k < DIM; k++) embeddings[(c * 3 + s) * DIM + k] = d[k]! + 0.6 * gauss();
    });
  }
  return { segmentation, embeddings };
}

const seconds = hours * 3600;
const numChunks = chunkStarts(seconds * 16000).length;
const reference = meeting(seconds);
const { segmentation, embeddings } = synthesize(reference, numChunks);
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { hard } = clusterSpeakers({ embeddings, dim: DIM, numChunks, segmentation, bounds: {}, params: PYANNOTE_31_PARAMS, maxTrainEmbeddings: PYANNOTE_31_PARAMS.maxTrainEmbeddings });
const t1 = performance.now();
const count = speakerCount(segmentation, numChunks);
const activity = reconstruct(segmentation, hard, numChunks, count);
const exclusive = reconstruct(segmentation, hard, numChunks, count.map((c) => Math.min(c, 1)));
const clusters = activeClusters(activity);
const label = (k: number): string => `SPEAKER_${clusters.indexOf(k)}`;
const turns = activityToTurns(activity, seconds, label);
activityToTurns(exclusive, seconds, label);
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
const peakRss = process.resourceUsage().maxRSS * 1024;
const der = fileDer(reference, turns);
console.log(JSON.stringify({
  hours, chunks: numChunks, embeddings: numChunks * 3, speakersFound: clusters.length, speakersTrue: SPEAKERS,
  clusteringSeconds: +((t1 - t0) / 1000).toFixed(2), reconstructionSeconds: +((t2 - t1) / 1000).toFixed(2), totalSeconds: +((t2 - t0) / 1000).toFixed(2), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
  rssBeforeMB: Math.round(rssBefore / 2 ** 20), peakRssMB: Math.round(peakRss / 2 ** 20), der: +(der.der * 100).toFixed(2),
}));
