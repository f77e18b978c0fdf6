import { Router, type RequestHandler, type Response } from 'express';
import { GatewayError, isGatewayError } from '../../errors';
import type { AppDeps } from '../deps';
import { locals } from '../locals';
import { assertModelAllowed, canSeeModel } from '../middleware/api-key-auth';
import { resolveOpenAIAlias } from '../../models/openai-aliases';
import { withAudioUpload, type AudioUpload } from '../../audio/multipart-intake';
import { decodeAudioFile } from '../../audio/decode-audio';
import { parseTranscriptionForm, toTranscriptionRequest } from '../../audio/transcription-form';
import { setTimingHeaders, timingUsage, type TranscriptionTiming } from '../../audio/transcription-timing';
import { renderTranscript } from '../../audio/writers/transcript-response';
import { TranscriptStream } from '../../audio/transcript-stream';
import type { TranscriptionRequest, TranscriptionService } from '../../audio/transcription-service';
import type { Transcript } from '../../audio/transcript';
import type { TranscriptionForm } from '../../contract/audio';
import type { TranscriptionDiarizationFields } from '../../contract/diarization';
import { diarizeForTranscript, wantsDiarization } from '../../engines/diarization/transcript-diarization';
import { diarizationService } from './v1-diarizations';
import { AUDIO_CONCURRENCY, sharedAudioAdmission } from '../../audio/audio-admission';
import type { ConcurrencyGate } from '../concurrency-gate';

type Task = 'transcribe' | 'translate';

/** `POST /v1/audio/transcriptions` and `/v1/audio/translations` (multipart/form-data only). */
export function v1AudioRoutes(deps: AppDeps): Router {
  const router = Router();
  const admission = (): ConcurrencyGate => sharedAudioAdmission(deps, deps.audioConcurrency ?? AUDIO_CONCURRENCY);
  router.post('/v1/audio/transcriptions', audioRoute(deps, 'transcribe', '/v1/audio/transcriptions', admission));
  router.post('/v1/audio/translations', audioRoute(deps, 'translate', '/v1/audio/translations', admission));
  return router;
}

function audioRoute(deps: AppDeps, task: Task, label: string, admission: () => ConcurrencyGate): RequestHandler {
  return async (req, res) => {
    locals(res).routeLabel = label;
    await withAudioUpload(req, res, { maxUploadBytes: deps.config.maxUploadBytes }, (upload, signal) => answer(deps, task, res, upload, signal, admission()));
  };
}

/** Parse, decode, transcribe (with speakers when asked), serialise: the route's whole job. */
async function answer(deps: AppDeps, task: Task, res: Response, upload: AudioUpload, signal: AbortSignal, admission: ConcurrencyGate): Promise<void> {
  const form = withOpenAIAlias(deps, res, parseTranscriptionForm(upload.fields, task));
  const service = transcriptionService(deps);
  // A wrong model name must not cost the decoding of an hour of audio first.
  service.checkModel?.(form.model);
  const release = await admission.acquire(signal);
  try {
    await decodeAndTranscribe(deps, task, res, form, service, upload, signal);
  } finally {
    release();
  }
}

async function decodeAndTranscribe(deps: AppDeps, task: Task, res: Response, form: TranscriptionForm, service: TranscriptionService, upload: AudioUpload, signal: AbortSignal): Promise<void> {
  const t0 = performance.now();
  const audio = await decodeAudioFile(upload.path, { maxAudioSeconds: deps.config.maxAudioSeconds, signal });
  const diarize = task === 'transcribe' && wantsDiarization(form.response_format, speakerFields(form));
  const timing: TranscriptionTiming = { audioSeconds: audio.durationSeconds, decodeMs: performance.now() - t0, transcribeMs: 0 };
  const stream = form.stream ? new TranscriptStream(res, diarize, { heartbeatMs: deps.sseHeartbeatMs ?? 15_000, maxBufferedBytes: deps.sseMaxBufferedBytes ?? 1 << 20 }) : null;
  try {
    const t1 = performance.now();
    const request = toTranscriptionRequest(form, task, audio, signal);
    const transcript = await transcribe(deps, res, service, diarize ? speakerFields(form) : null, { ...request, ...(stream && !diarize ? { onSegment: stream.segment } : {}) });
    timing.transcribeMs = performance.now() - t1;
    const usage = timingUsage(timing);
    locals(res).log.info({ model: form.model, task, audioSeconds: usage.audio_seconds, processingSeconds: usage.processing_seconds, rtf: usage.real_time_factor }, 'audio transcribed');
    if (stream) return stream.done(transcript, usage);
    setTimingHeaders(res, timing);
    const body = renderTranscript(transcript, form.response_format, { granularities: form.timestamp_granularities, usage, withSpeakers: diarize });
    res.status(200).type(body.contentType).send(body.body);
  } catch (err) {
    // Before the first event the error is still a status (the SDKs raise it, and honour x-should-retry).
    if (!stream?.fail(err, locals(res).requestId)) throw err;
    if (!isGatewayError(err)) locals(res).log.error({ err }, 'transcription failed after the stream started');
  }
}

/**
 * The transcript, with speakers when `speakers` (the form) asks for them: diarization runs beside
 * the transcription (another worker) and labels its words once both are done.
 */
async function transcribe(deps: AppDeps, res: Response, service: TranscriptionService, speakers: TranscriptionDiarizationFields | null, request: TranscriptionRequest): Promise<Transcript> {
  if (!speakers) return service.transcribe(request);
  const labelling = diarizeForTranscript(diarizationService(deps, res), request.audio.samples, speakers, request.signal);
  labelling.catch(() => undefined); // awaited below; a transcription error must not leave it unhandled
  const transcript = await service.transcribe({ ...request, wordTimestamps: true });
  return (await labelling)(transcript);
}

/**
 * `whisper-1`, `gpt-4o-transcribe`, `gpt-4o-mini-transcribe`, `gpt-4o-transcribe-diarize`: the
 * form rewritten for the catalog model behind the name (openai-aliases.ts). The diarize name adds
 * the diarization model and takes a missing chunking_strategy as `auto` (OpenAI answers 400 there;
 * doc/api.md says so). A key allowed the model is allowed its names, and a key allowed the name itself.
 */
function withOpenAIAlias(deps: AppDeps, res: Response, form: TranscriptionForm): TranscriptionForm {
  const principal = locals(res).principal;
  const target = deps.modelHub ? resolveOpenAIAlias(form.model, deps.modelHub.list()) : null;
  if (!target) {
    assertModelAllowed(principal, form.model);
    return form;
  }
  if (!canSeeModel(principal, form.model)) assertModelAllowed(principal, target.key);
  if (target.diarizationModel === undefined) return { ...form, model: target.key };
  return {
    ...form,
    model: target.key,
    chunking_strategy: form.chunking_strategy ?? 'auto',
    ...(form.diarization_model === undefined && target.diarizationModel ? { diarization_model: target.diarizationModel } : {}),
  };
}

function speakerFields(form: TranscriptionForm): TranscriptionDiarizationFields {
  const { diarization_model, num_speakers, min_speakers, max_speakers, known_speaker_names, known_speaker_references } = form;
  return { diarization_model, num_speakers, min_speakers, max_speakers, known_speaker_names, known_speaker_references };
}

function transcriptionService(deps: AppDeps): TranscriptionService {
  if (deps.transcription) return deps.transcription;
  throw new GatewayError('model_not_found', 'No transcription engine is available on this gateway.', { param: 'model', hint: 'Download and load a transcription model (canary or parakeet) from the Models page, then retry.' });
}
