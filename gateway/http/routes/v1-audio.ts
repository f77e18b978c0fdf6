import { Router, type RequestHandler, type Response } from 'express';
import { GatewayError, isGatewayError } from '../../errors';
import type { AppDeps } from '../deps';
import { locals } from '../locals';
import { assertModelAllowed } from '../middleware/api-key-auth';
import { withAudioUpload, type AudioUpload } from '../../audio/multipart-intake';
import { decodeAudioFile } from '../../audio/decode-audio';
import { parseTranscriptionForm, toTranscriptionRequest } from '../../audio/transcription-form';
import { setTimingHeaders, timingUsage, type TranscriptionTiming } from '../../audio/transcription-timing';
import { renderTranscript } from '../../audio/writers/transcript-response';
import { TranscriptStream } from '../../audio/transcript-stream';
import type { TranscriptionService } from '../../audio/transcription-service';

type Task = 'transcribe' | 'translate';

/** `POST /v1/audio/transcriptions` and `/v1/audio/translations` (multipart/form-data only). */
export function v1AudioRoutes(deps: AppDeps): Router {
  const router = Router();
  router.post('/v1/audio/transcriptions', audioRoute(deps, 'transcribe', '/v1/audio/transcriptions'));
  router.post('/v1/audio/translations', audioRoute(deps, 'translate', '/v1/audio/translations'));
  return router;
}

function audioRoute(deps: AppDeps, task: Task, label: string): RequestHandler {
  return async (req, res) => {
    locals(res).routeLabel = label;
    await withAudioUpload(req, res, { maxUploadBytes: deps.config.maxUploadBytes }, (upload, signal) => answer(deps, task, res, upload, signal));
  };
}

/** Parse, decode, call the service once, serialise: the route's whole job. */
async function answer(deps: AppDeps, task: Task, res: Response, upload: AudioUpload, signal: AbortSignal): Promise<void> {
  const form = parseTranscriptionForm(upload.fields, task);
  assertModelAllowed(locals(res).principal, form.model);
  const service = transcriptionService(deps);
  const t0 = performance.now();
  const audio = await decodeAudioFile(upload.path, { maxAudioSeconds: deps.config.maxAudioSeconds, signal });
  const request = toTranscriptionRequest(form, task, audio, signal);
  const timing: TranscriptionTiming = { audioSeconds: audio.durationSeconds, decodeMs: performance.now() - t0, transcribeMs: 0 };
  const stream = form.stream ? new TranscriptStream(res, request.diarization !== null, { heartbeatMs: deps.sseHeartbeatMs ?? 15_000, maxBufferedBytes: deps.sseMaxBufferedBytes ?? 1 << 20 }) : null;
  try {
    const t1 = performance.now();
    const transcript = await service.transcribe({ ...request, ...(stream ? { onSegment: stream.segment } : {}) });
    timing.transcribeMs = performance.now() - t1;
    const usage = timingUsage(timing);
    locals(res).log.info({ model: form.model, task, audioSeconds: usage.audio_seconds, processingSeconds: usage.processing_seconds, rtf: usage.real_time_factor }, 'audio transcribed');
    if (stream) return stream.done(transcript, usage);
    setTimingHeaders(res, timing);
    const body = renderTranscript(transcript, form.response_format, { granularities: form.timestamp_granularities, usage, withSpeakers: request.diarization !== null });
    res.status(200).type(body.contentType).send(body.body);
  } catch (err) {
    if (!stream) throw err;
    if (!isGatewayError(err)) locals(res).log.error({ err }, 'transcription failed after the stream started');
    stream.fail(err, locals(res).requestId);
  }
}

function transcriptionService(deps: AppDeps): TranscriptionService {
  if (deps.transcription) return deps.transcription;
  throw new GatewayError('model_not_found', 'No transcription engine is available on this gateway.', { param: 'model', hint: 'Download and load a transcription model (canary or parakeet) from the Models page, then retry.' });
}
