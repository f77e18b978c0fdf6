import { Router, type Response } from 'express';
import { DiarizationForm, type DiarizationResponse } from '../../contract/diarization';
import { decodeAudioFile } from '../../audio/decode-audio';
import { withAudioUpload, type AudioUpload } from '../../audio/multipart-intake';
import { AUDIO_CONCURRENCY, sharedAudioAdmission } from '../../audio/audio-admission';
import { rttmUri, writeRttm } from '../../audio/writers/rttm';
import { decodeKnownSpeakers } from '../../engines/diarization/known-speakers';
import { labelSpeakers, runDiarization, type DiarizationServiceDeps } from '../../engines/diarization/diarization-service';
import { assertModelAllowed } from '../middleware/api-key-auth';
import type { AppDeps } from '../deps';
import { locals } from '../locals';
import { parse } from '../typed-route';

/** POST /v1/audio/diarizations (extension): who speaks when, as JSON or RTTM. */
export function v1DiarizationRoutes(deps: AppDeps): Router {
  const router = Router();
  router.post('/v1/audio/diarizations', async (req, res) => {
    locals(res).routeLabel = '/v1/audio/diarizations';
    await withAudioUpload(req, res, { maxUploadBytes: deps.config.maxUploadBytes }, async (upload, signal) => {
      const form = parse(DiarizationForm, upload.fields, 'form');
      // Decoded audio is held until the answer: the same bounded turn as transcriptions.
      const release = await sharedAudioAdmission(deps, deps.audioConcurrency ?? AUDIO_CONCURRENCY).acquire(signal);
      try {
        await diarize(deps, res, form, upload, signal);
      } finally {
        release();
      }
    });
  });
  return router;
}

/** Decode, diarize, answer: the route's work once it has its turn. */
async function diarize(deps: AppDeps, res: Response, form: DiarizationForm, upload: AudioUpload, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  const audio = await decodeAudioFile(upload.path, { maxAudioSeconds: deps.config.maxAudioSeconds, signal });
  const knownSpeakers = await decodeKnownSpeakers(form.known_speaker_names, form.known_speaker_references, signal);
  const { model, result } = await runDiarization(diarizationService(deps, res), { samples: audio.samples, model: form.model, modelParam: 'model', hints: form, knownSpeakers, signal });
  const labelled = labelSpeakers(result, 'pyannote');
  const processingSeconds = round3((performance.now() - started) / 1000);
  locals(res).log.info({ model, audioSeconds: audio.durationSeconds, speakers: labelled.speakers.length, processingSeconds, onnxMs: result.onnxMs }, 'audio diarized');
  res.setHeader('X-Diarization-Model', model);
  if (form.response_format === 'rttm') return void res.type('text/plain').send(writeRttm(labelled.turns, rttmUri(upload.filename)));
  const body: DiarizationResponse = {
    duration: audio.durationSeconds,
    speakers: labelled.speakers,
    segments: labelled.turns.map((t) => ({ start: round3(t.start), end: round3(t.end), speaker: t.speaker })),
    usage: { type: 'duration', seconds: Math.ceil(audio.durationSeconds), processing_seconds: processingSeconds },
  };
  res.json(body);
}

/** The diarization service over the catalog and the model manager, for one request. */
export function diarizationService(deps: AppDeps, res: Response): DiarizationServiceDeps {
  const entries = (): Array<{ key: string; task: string }> => deps.modelHub?.catalog.list() ?? [];
  return {
    catalog: {
      taskOf: (key) => entries().find((e) => e.key === key)?.task,
      diarizationKeys: () => entries().filter((e) => e.task === 'diarization').map((e) => e.key),
      isLoaded: (key) => deps.modelManager?.isLoaded(key) ?? false,
    },
    acquire: (key) => {
      if (!deps.modelManager) throw new Error('the model manager is not wired');
      return deps.modelManager.acquire(key);
    },
    assertAllowed: (key) => assertModelAllowed(locals(res).principal, key),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
