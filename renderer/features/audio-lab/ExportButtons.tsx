import { useAppStore } from '../../store/app-store';
import type { ExportFormat } from '../../store/audio-lab-slice';
import { EXPORT_TYPES, exportTranscript, uriOf } from './export-transcript';

const FORMATS: ExportFormat[] = ['txt', 'srt', 'vtt', 'rttm', 'json'];

/** Downloads the transcript as txt, SRT, VTT, RTTM (speakers only) or the gateway's JSON. */
export function ExportButtons() {
  const result = useAppStore((s) => s.audioLab.result);
  const fileName = useAppStore((s) => s.audioLab.file?.name);
  if (!result) return null;
  const hasSpeakers = result.segments.some((s) => s.speaker);
  const save = (format: ExportFormat) => {
    const blob = new Blob([exportTranscript(result, format, uriOf(fileName))], { type: EXPORT_TYPES[format] });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${uriOf(fileName)}.${format}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <div className="row" role="group" aria-label="Export the transcript">
      {FORMATS.map((f) => (
        <button key={f} type="button" onClick={() => save(f)} disabled={f === 'rttm' && !hasSpeakers} title={f === 'rttm' && !hasSpeakers ? 'RTTM needs speakers: transcribe with diarization' : undefined}>
          Export {f.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
