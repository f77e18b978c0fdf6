import { describe, expect, it } from 'vitest';
import { chooseDiarizationModel, type DiarizationCatalog } from '../../../../gateway/engines/diarization/diarization-model-choice';
import type { GatewayError } from '../../../../gateway/errors';

function catalog(loaded: string[]): DiarizationCatalog {
  const tasks: Record<string, string> = { pyannote: 'diarization', 'my-pyannote': 'diarization', canary: 'transcription' };
  return { taskOf: (k) => tasks[k], diarizationKeys: () => ['pyannote', 'my-pyannote'], isLoaded: (k) => loaded.includes(k) };
}

function failure(fn: () => unknown): GatewayError {
  try { fn(); } catch (err) { return err as GatewayError; }
  throw new Error('expected a GatewayError');
}

describe('which diarization model serves a request', () => {
  it('takes the one the request names, loaded or not (a lazy load follows)', () => {
    expect(chooseDiarizationModel('my-pyannote', catalog([]), 'diarization_model')).toBe('my-pyannote');
  });

  it('else the loaded one', () => {
    expect(chooseDiarizationModel(undefined, catalog(['my-pyannote']), 'diarization_model')).toBe('my-pyannote');
  });

  it('else answers 400 diarization_model_required with what to load, on the field of the route', () => {
    const err = failure(() => chooseDiarizationModel(undefined, catalog([]), 'diarization_model'));
    expect(err).toMatchObject({ code: 'diarization_model_required', status: 400, param: 'diarization_model' });
    expect(err.message).toContain('POST /api/admin/models/pyannote/load');
    expect(err.hint).toContain('pyannote, my-pyannote');
  });

  it('refuses a model of another task (400) and an unknown one (404), listing the diarization models', () => {
    expect(failure(() => chooseDiarizationModel('canary', catalog([]), 'model'))).toMatchObject({ code: 'wrong_model_task', status: 400, param: 'model' });
    const unknown = failure(() => chooseDiarizationModel('nope', catalog([]), 'model'));
    expect(unknown).toMatchObject({ code: 'model_not_found', status: 404 });
    expect(unknown.message).toContain('Diarization models: pyannote, my-pyannote');
  });
});
