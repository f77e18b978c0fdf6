import { describe, expect, it } from 'vitest';
import { validateAddModel } from '../../../../renderer/features/models/AddModelDialog';
import { diagnosticFor } from '../../../../renderer/features/models/diagnostic-for-error';

const form = { key: 'my-qwen', repo: 'Qwen/Qwen2.5-0.5B-Instruct', revision: 'main', engine: 'vllm', files: '', displayName: '' };

describe('add model dialog validation (the gateway\'s rules)', () => {
  it('builds the body with the engine\'s task', () => {
    expect(validateAddModel({ ...form, files: '*.json, *.safetensors' })).toEqual({ body: { key: 'my-qwen', repo: 'Qwen/Qwen2.5-0.5B-Instruct', revision: 'main', engine: 'vllm', task: 'chat', files: ['*.json', '*.safetensors'] } });
    expect(validateAddModel({ ...form, engine: 'nemo-tdt' })).toMatchObject({ body: { task: 'transcription' } });
  });

  it.each([
    ['repo', { repo: 'just-a-name' }, 'exactly one "/"'],
    ['repo', { repo: 'org/na--me' }, '"--"'],
    ['repo', { repo: 'org/name.git' }, '.git'],
    ['revision', { revision: '../etc' }, '".."'],
    ['key', { key: 'Upper Case' }, 'lower-case'],
  ])('refuses a bad %s with the field named', (param, patch, words) => {
    const r = validateAddModel({ ...form, ...patch });
    expect('error' in r && r.error.param).toBe(param);
    expect('error' in r && r.error.message).toContain(words);
  });

  it('links errors to the diagnostic that explains them', () => {
    const e = (code: string) => ({ message: 'x', type: 't', param: null, code });
    expect(diagnosticFor(e('gated_repo'))).toBe('hf-token');
    expect(diagnosticFor(e('engine_load_failed'), 'vllm')).toBe('vllm');
    expect(diagnosticFor(e('gpu_required'))).toBe('troubleshooting.cuda-required');
    expect(diagnosticFor(e('engine_load_failed'), 'nemo-aed')).toBe('onnxruntime');
    expect(diagnosticFor({ ...e('engine_load_failed'), message: 'CUDA provider missing' }, 'nemo-aed')).toBe('troubleshooting.cuda-required');
    expect(diagnosticFor(e('model_exists'))).toBeNull();
  });
});
