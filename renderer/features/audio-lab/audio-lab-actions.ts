import { asApiError } from '../../api/api-error';
import { postMultipart } from '../../api/multipart-upload';
import { useAppStore } from '../../store/app-store';
import type { AudioLabOptions } from '../../store/audio-lab-slice';
import { toLabTranscript } from './to-lab-transcript';

/** The multipart fields of /v1/audio/transcriptions (or translations) for the lab's options. */
export function transcriptionForm(file: File, o: AudioLabOptions): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('model', o.model);
  const diarized = o.isDiarized && o.task === 'transcribe';
  form.append('response_format', diarized ? 'diarized_json' : 'verbose_json');
  form.append('timestamp_granularities[]', 'segment');
  if (o.language) form.append('language', o.language);
  if (diarized) {
    if (o.diarizationModel) form.append('diarization_model', o.diarizationModel);
    if (o.numSpeakers) form.append('num_speakers', o.numSpeakers);
    if (o.minSpeakers) form.append('min_speakers', o.minSpeakers);
    if (o.maxSpeakers) form.append('max_speakers', o.maxSpeakers);
  }
  return form;
}

let controller: AbortController | null = null;

/** Sends the file; the answer, timings or the gateway's error go to the slice. */
export async function transcribe(): Promise<void> {
  const s = useAppStore.getState();
  const { file, options } = s.audioLab;
  const creds = s.connection.credentials;
  if (!file || !creds) return;
  controller = new AbortController();
  const started = performance.now();
  s.setAudioRun({ phase: 'uploading', uploadedBytes: 0, result: null, error: null, elapsedSeconds: null, processingSeconds: null });
  const path = options.task === 'translate' ? '/v1/audio/translations' : '/v1/audio/transcriptions';
  try {
    const raw = await postMultipart(creds, path, transcriptionForm(file, options), (p) => {
      useAppStore.getState().setAudioRun(p.isSent ? { phase: 'processing' } : { uploadedBytes: p.sentBytes });
    }, controller.signal);
    const read = toLabTranscript(raw);
    if (!read) throw new Error('The gateway answered with a shape this console does not know (expected diarized_json or verbose_json).');
    useAppStore.getState().setAudioRun({ phase: 'done', result: read.transcript, processingSeconds: read.processingSeconds, elapsedSeconds: (performance.now() - started) / 1000 });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') return useAppStore.getState().setAudioRun({ phase: 'idle' });
    useAppStore.getState().setAudioRun({ phase: 'failed', error: asApiError(err).toErrorObject() });
  } finally {
    controller = null;
  }
}

export function cancelTranscription(): void {
  controller?.abort();
}
