import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../../../gateway/models/catalog';
import { tempDir } from '../../helpers/temp-dir';

describe('catalog', () => {
  it('persists user entries atomically (0600) and reads them back after a restart', () => {
    const dir = tempDir();
    const a = new Catalog(dir);
    a.add({ key: 'pyannote-community', engine: 'pyannote', task: 'diarization', repos: [
      { repo: 'org/pipeline', role: 'pipeline' }, { repo: 'org/seg', revision: 'v1', role: 'segmentation', files: ['*.onnx'] },
    ] });
    a.add({ key: 'upstream', engine: 'openai-upstream', task: 'chat', options: { baseUrl: 'http://10.0.0.5:8000/v1' } });
    expect(statSync(join(dir, 'models.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    const b = new Catalog(dir);
    expect(b.get('pyannote-community').repos).toEqual([{ repo: 'org/pipeline', revision: 'main', role: 'pipeline' }, { repo: 'org/seg', revision: 'v1', files: ['*.onnx'], role: 'segmentation' }]);
    expect(b.list().map((e) => e.key)).toEqual(['qwen', 'canary', 'parakeet', 'pyannote', 'silero-vad', 'pyannote-community', 'upstream']);
    b.remove('upstream');
    expect(new Catalog(dir).find('upstream')).toBeUndefined();
  });

  it('refuses an engine/task mismatch, a missing repo, repos without distinct roles', () => {
    const c = new Catalog(tempDir());
    expect(() => c.add({ key: 'x', engine: 'vllm', task: 'transcription', repo: 'a/b' })).toThrow(/serves the task "chat"/);
    expect(() => c.add({ key: 'x', engine: 'vllm', task: 'chat' })).toThrow(/needs a Hugging Face repo/);
    expect(() => c.add({ key: 'x', engine: 'pyannote', task: 'diarization', repos: [{ repo: 'a/b' }, { repo: 'a/c' }] })).toThrow(/own "role"/);
    expect(() => c.get('nope')).toThrow(/no model "nope"/);
  });

  it('a corrupt file is moved aside; the gateway starts with the presets', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'models.json'), '{"models": [tor');
    const moved: string[] = [];
    const c = new Catalog(dir, (_file, aside) => moved.push(aside));
    expect(c.list()).toHaveLength(5);
    expect(moved).toHaveLength(1);
    expect(existsSync(moved[0]!)).toBe(true);
  });
});
