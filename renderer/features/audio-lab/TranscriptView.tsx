import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store';
import { selectSpeakers } from '../../store/audio-lab-slice';
import { speakerColour } from './speaker-colours';
import { timestamp } from './export-transcript';

/** Segments with their times and speaker chips; each is a button that plays its span. */
export function TranscriptView({ onPlay }: { onPlay: (start: number, end: number) => void }) {
  const result = useAppStore((s) => s.audioLab.result);
  const speakers = useAppStore(useShallow(selectSpeakers));
  if (!result) return null;
  if (result.segments.length === 0) return <p data-testid="transcript-text">{result.text || 'No speech was found.'}</p>;
  return (
    <ol aria-label="Transcript segments" style={{ listStyle: 'none', padding: 0 }}>
      {result.segments.map((s, i) => (
        <li key={i} style={{ marginBottom: 4 }}>
          <button type="button" onClick={() => onPlay(s.start, s.end)} style={{ textAlign: 'left', width: '100%', border: 0, background: 'transparent' }} aria-label={`Play ${timestamp(s.start, '.')} to ${timestamp(s.end, '.')}${s.speaker ? `, speaker ${s.speaker}` : ''}: ${s.text}`}>
            <span className="mono muted">{timestamp(s.start, '.')} → {timestamp(s.end, '.')}</span>{' '}
            {s.speaker && <span className="badge" data-testid="speaker-chip" style={{ background: speakerColour(speakers, s.speaker), color: '#fff', borderColor: 'transparent' }}>{s.speaker}</span>}{' '}
            <span data-testid="segment-text">{s.text}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
