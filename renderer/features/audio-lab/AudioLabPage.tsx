import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { refreshModels } from '../models/models-actions';
import { AudioOptions } from './AudioOptions';
import { DropZone } from './DropZone';
import { ExportButtons } from './ExportButtons';
import { RunStats } from './RunStats';
import { TranscriptView } from './TranscriptView';
import { Waveform } from './Waveform';
import { cancelTranscription, transcribe } from './audio-lab-actions';
import { useAudioPlayer } from './use-audio-player';

/** Drop, pick or record audio; transcribe (and diarize); read, play, export. */
export default function AudioLabPage() {
  useEffect(() => {
    if (useAppStore.getState().models.state === 'idle') void refreshModels();
  }, []);
  const file = useAppStore((s) => s.audioLab.file);
  const phase = useAppStore((s) => s.audioLab.phase);
  const model = useAppStore((s) => s.audioLab.options.model);
  const error = useAppStore((s) => s.audioLab.error);
  const { audio, url, playSpan } = useAudioPlayer(file);
  const isRunning = phase === 'uploading' || phase === 'processing';
  return (
    <>
      <h1>Audio lab</h1>
      <DropZone />
      <section className="card" aria-label="Options">
        <AudioOptions />
        <div className="row" style={{ marginTop: 8 }}>
          {isRunning
            ? <button type="button" onClick={cancelTranscription}>Cancel</button>
            : <button type="button" className="primary" disabled={!file || !model} onClick={() => void transcribe()}>Transcribe</button>}
        </div>
        <RunStats />
        <ErrorNotice error={error} title={error?.code === 'audio_too_long' ? 'Audio too long' : error?.code === 'invalid_audio' ? 'Unsupported file' : undefined} />
      </section>
      {file && (
        <section className="card" aria-label="Result">
          {url && <audio ref={audio} src={url} controls style={{ width: '100%' }} aria-label="Audio player" />}
          <Waveform onSeek={(t) => playSpan(t)} />
          <ExportButtons />
          <TranscriptView onPlay={playSpan} />
        </section>
      )}
    </>
  );
}
