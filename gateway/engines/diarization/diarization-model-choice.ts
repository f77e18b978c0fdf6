import { GatewayError } from '../../errors';

/** What choosing a diarization model needs to know of the catalog and the model manager. */
export interface DiarizationCatalog {
  /** Catalog task of a model; undefined when it is not in the catalog. */
  taskOf(key: string): string | undefined;
  /** Catalog keys of the diarization models, in catalog order. */
  diarizationKeys(): string[];
  isLoaded(key: string): boolean;
}

/**
 * Which diarization model serves a request (issue 6): the one the request names (`model` on
 * /v1/audio/diarizations, `diarization_model` on /v1/audio/transcriptions), else a loaded one,
 * else a 400 that says what to load.
 */
export function chooseDiarizationModel(requested: string | undefined, catalog: DiarizationCatalog, param: string): string {
  const available = catalog.diarizationKeys();
  if (requested !== undefined) {
    const task = catalog.taskOf(requested);
    if (task === undefined) {
      throw new GatewayError('model_not_found', `Model "${requested}" is not in the catalog.${listed(available)}`, { param, hint: 'GET /v1/models lists the models this gateway serves.' });
    }
    if (task !== 'diarization') {
      throw new GatewayError('wrong_model_task', `Model "${requested}" does ${task}, not diarization.${listed(available)}`, { param });
    }
    return requested;
  }
  const loaded = available.find((k) => catalog.isLoaded(k));
  if (loaded !== undefined) return loaded;
  const example = available[0] ?? 'pyannote';
  throw new GatewayError('diarization_model_required', `No diarization model is loaded. Load one (POST /api/admin/models/${example}/load, or the Models page) or name it in the "${param}" field.`, {
    param,
    hint: available.length === 0 ? 'The catalog has no diarization model: add one (engine "pyannote") with POST /api/admin/models.' : `Diarization models in the catalog: ${available.join(', ')}.`,
  });
}

function listed(keys: string[]): string {
  return keys.length === 0 ? ' The catalog has no diarization model.' : ` Diarization models: ${keys.join(', ')}.`;
}
