import type { SpeakerTurn } from '../../audio/transcript';
import { frameMiddleSeconds } from './frame-grid';
import type { FrameActivity } from './reconstruction';

/**
 * pyannote's `Binarize` on the reconstructed activity (onset = offset = 0.5, no minimum
 * durations; engines.md §2.6 step 6): a turn runs from the middle of its first active frame to
 * the middle of the first inactive one (or of the last frame), clipped to the file. Cluster k is
 * labelled by `label(k)`; turns come sorted by start, then label.
 */
export function activityToTurns(activity: FrameActivity, durationSeconds: number, label: (cluster: number) => string, minDurationOff = 0): SpeakerTurn[] {
  const { frames, clusters, binary } = activity;
  const turns: SpeakerTurn[] = [];
  for (let k = 0; k < clusters; k++) {
    const own: SpeakerTurn[] = [];
    let start = -1;
    for (let g = 0; g < frames; g++) {
      const on = binary[g * clusters + k] === 1;
      if (on && start < 0) start = frameMiddleSeconds(g);
      if (!on && start >= 0) { own.push({ start, end: frameMiddleSeconds(g), speaker: label(k) }); start = -1; }
    }
    if (start >= 0) own.push({ start, end: frameMiddleSeconds(frames - 1), speaker: label(k) });
    turns.push(...fillGaps(own, minDurationOff));
  }
  return turns
    .map((t) => ({ ...t, start: Math.min(t.start, durationSeconds), end: Math.min(t.end, durationSeconds) }))
    .filter((t) => t.end > t.start)
    .sort((a, b) => a.start - b.start || a.speaker.localeCompare(b.speaker));
}

/** `Timeline.support(collar)`: joins one speaker's turns separated by less than `gap` seconds. */
function fillGaps(turns: SpeakerTurn[], gap: number): SpeakerTurn[] {
  if (gap <= 0) return turns;
  const out: SpeakerTurn[] = [];
  for (const t of turns) {
    const last = out[out.length - 1];
    if (last && t.start - last.end < gap) last.end = Math.max(last.end, t.end);
    else out.push({ ...t });
  }
  return out;
}

/** Clusters with at least one active frame, ascending (the order pyannote's labels follow). */
export function activeClusters(activity: FrameActivity): number[] {
  const seen = new Uint8Array(activity.clusters);
  for (let i = 0; i < activity.binary.length; i++) if (activity.binary[i]) seen[i % activity.clusters] = 1;
  return [...seen.keys()].filter((k) => seen[k]);
}
