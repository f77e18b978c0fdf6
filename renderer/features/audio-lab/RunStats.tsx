import { useAppStore } from '../../store/app-store';
import { selectRealTimeFactor } from '../../store/audio-lab-slice';
import { formatBytes } from '../../ui/format';

/** Progress while running; audio length, processing time and real-time factor once done. */
export function RunStats() {
  const phase = useAppStore((s) => s.audioLab.phase);
  const uploaded = useAppStore((s) => s.audioLab.uploadedBytes);
  const size = useAppStore((s) => s.audioLab.file?.size ?? 0);
  const duration = useAppStore((s) => s.audioLab.result?.durationSeconds);
  const processing = useAppStore((s) => s.audioLab.processingSeconds ?? s.audioLab.elapsedSeconds);
  const rtf = useAppStore(selectRealTimeFactor);
  if (phase === 'uploading') return <p role="status">Uploading {formatBytes(uploaded)} of {formatBytes(size)}…</p>;
  if (phase === 'processing') return <p role="status">Transcribing… (the gateway is working on it)</p>;
  if (phase !== 'done') return null;
  return (
    <p role="status" data-testid="run-stats">
      Audio {duration?.toFixed(2)} s · processing {processing?.toFixed(2)} s · real-time factor {rtf !== null ? rtf.toFixed(3) : '—'}
      {rtf !== null && rtf > 0 && <span className="muted"> ({(1 / rtf).toFixed(1)}× real time)</span>}
    </p>
  );
}
