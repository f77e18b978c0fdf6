import { useEffect, useRef, useState } from 'react';

/** Microphone recording with MediaRecorder; the result becomes the lab's file. */
export function Recorder({ onRecorded }: { onRecorded: (file: File) => void }) {
  const recorder = useRef<MediaRecorder | null>(null);
  const [state, setState] = useState<'idle' | 'recording' | 'denied' | 'unsupported'>(typeof MediaRecorder === 'undefined' ? 'unsupported' : 'idle');
  const stream = useRef<MediaStream | null>(null);
  // Leaving the page while recording releases the microphone (and drops the unfinished take).
  useEffect(() => () => {
    if (recorder.current) recorder.current.onstop = null;
    if (recorder.current?.state === 'recording') recorder.current.stop();
    stream.current?.getTracks().forEach((t) => t.stop());
  }, []);

  const start = async () => {
    try {
      const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.current = mic;
      const rec = new MediaRecorder(mic);
      const chunks: Blob[] = [];
      rec.ondataavailable = (e) => chunks.push(e.data);
      rec.onstop = () => {
        mic.getTracks().forEach((t) => t.stop());
        stream.current = null;
        const type = rec.mimeType || 'audio/webm';
        onRecorded(new File(chunks, `recording-${new Date().toISOString().replace(/[:.]/g, '-')}.${type.includes('ogg') ? 'ogg' : 'webm'}`, { type }));
        setState('idle');
      };
      rec.start();
      recorder.current = rec;
      setState('recording');
    } catch {
      setState('denied');
    }
  };
  if (state === 'unsupported') return <span className="muted">Recording is not supported here.</span>;
  return (
    <>
      {state === 'recording'
        ? <button type="button" className="danger" onClick={() => recorder.current?.stop()}>Stop recording</button>
        : <button type="button" onClick={() => void start()}>Record from microphone</button>}
      {state === 'denied' && <span role="status">The microphone is not available or permission was refused.</span>}
    </>
  );
}
