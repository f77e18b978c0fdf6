import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store';
import { selectSpeakers } from '../../store/audio-lab-slice';
import { speakerColour } from './speaker-colours';

const WAVE_HEIGHT = 80;
const LANE_HEIGHT = 16;

/** Peak per pixel column of the decoded audio (first channel). */
async function peaksOf(file: File, columns: number): Promise<{ peaks: Float32Array; duration: number } | null> {
  try {
    const ctx = new OfflineAudioContext(1, 1, 44_100);
    const buffer = await ctx.decodeAudioData(await file.arrayBuffer());
    const data = buffer.getChannelData(0);
    const step = Math.max(1, Math.floor(data.length / columns));
    const peaks = new Float32Array(columns);
    for (let c = 0; c < columns; c++) {
      let max = 0;
      for (let i = c * step; i < Math.min(data.length, (c + 1) * step); i++) max = Math.max(max, Math.abs(data[i]!));
      peaks[c] = max;
    }
    return { peaks, duration: buffer.duration };
  } catch {
    return null; // a format this browser cannot decode: the transcript still shows
  }
}

/** The waveform and, under it, one coloured lane per speaker; a click plays from that time. */
export function Waveform({ onSeek }: { onSeek: (seconds: number) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const file = useAppStore((s) => s.audioLab.file);
  const result = useAppStore((s) => s.audioLab.result);
  const speakers = useAppStore(useShallow(selectSpeakers));
  const [wave, setWave] = useState<{ peaks: Float32Array; duration: number } | null>(null);
  useEffect(() => {
    setWave(null);
    if (file) void peaksOf(file, 800).then(setWave);
  }, [file]);
  const duration = result?.durationSeconds || wave?.duration || 0;
  useEffect(() => {
    const el = canvas.current;
    const g = el?.getContext('2d');
    if (!el || !g) return;
    el.height = WAVE_HEIGHT + Math.max(1, speakers.length) * LANE_HEIGHT;
    g.clearRect(0, 0, el.width, el.height);
    g.fillStyle = getComputedStyle(el).color;
    wave?.peaks.forEach((p, x) => g.fillRect(x, WAVE_HEIGHT / 2 - (p * WAVE_HEIGHT) / 2, 1, Math.max(1, p * WAVE_HEIGHT)));
    if (!result || duration <= 0) return;
    for (const s of result.segments) {
      const lane = s.speaker ? speakers.indexOf(s.speaker) : 0;
      g.fillStyle = speakerColour(speakers, s.speaker);
      g.fillRect((s.start / duration) * el.width, WAVE_HEIGHT + lane * LANE_HEIGHT + 2, Math.max(1, ((s.end - s.start) / duration) * el.width), LANE_HEIGHT - 4);
    }
  }, [wave, result, speakers, duration]);
  if (!file) return null;
  return (
    <canvas
      ref={canvas}
      width={800}
      data-testid="waveform"
      role="img"
      aria-label={`Waveform${speakers.length ? ` with a lane per speaker: ${speakers.join(', ')}` : ''}; click to play from a point`}
      style={{ width: '100%', height: 'auto', color: 'var(--muted)', cursor: duration ? 'pointer' : 'default' }}
      onClick={(e) => {
        const rect = e.currentTarget.getBoundingClientRect();
        if (duration) onSeek(((e.clientX - rect.left) / rect.width) * duration);
      }}
    />
  );
}
