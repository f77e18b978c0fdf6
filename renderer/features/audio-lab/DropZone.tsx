import { useRef, useState, type DragEvent } from 'react';
import { useAppStore } from '../../store/app-store';
import { formatBytes } from '../../ui/format';
import { Recorder } from './Recorder';

/** Drop a file, pick one, or record from the microphone. */
export function DropZone() {
  const file = useAppStore((s) => s.audioLab.file);
  const setFile = useAppStore((s) => s.setAudioFile);
  const picker = useRef<HTMLInputElement>(null);
  const [isOver, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  };
  return (
    <div
      id="dropzone"
      data-testid="dropzone"
      className="card"
      role="region"
      aria-label="Audio file drop zone"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      style={{ borderStyle: 'dashed', borderWidth: 2, borderColor: isOver ? 'var(--accent)' : 'var(--border)', textAlign: 'center', padding: 20 }}
    >
      <p>{file ? <>File: <strong>{file.name}</strong> ({formatBytes(file.size)})</> : 'Drop an audio file here (WAV, MP3, FLAC, OGG, M4A, WebM…)'}</p>
      <div className="row" style={{ justifyContent: 'center' }}>
        <button type="button" onClick={() => picker.current?.click()}>Choose a file…</button>
        <input ref={picker} type="file" accept="audio/*,video/*,.wav,.mp3,.flac,.ogg,.opus,.m4a,.webm" hidden aria-label="Audio file" onChange={(e) => { const f = e.target.files?.[0]; if (f) setFile(f); e.target.value = ''; }} />
        <Recorder onRecorded={setFile} />
      </div>
    </div>
  );
}
