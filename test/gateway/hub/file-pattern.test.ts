import { describe, expect, it } from 'vitest';
import { isWanted, matchesPattern } from '../../../gateway/hub/file-pattern';

describe('file patterns (huggingface_hub allow_patterns, fnmatch)', () => {
  it('* matches across folders, as in Python fnmatch', () => {
    expect(matchesPattern('onnx/model.onnx', '*.onnx')).toBe(true);
    expect(matchesPattern('encoder-model.onnx.data', '*.onnx')).toBe(false);
    expect(matchesPattern('encoder-model.onnx.data', '*.onnx.data')).toBe(true);
    expect(matchesPattern('encoder-model.int8.onnx', 'encoder-model?int8.onnx')).toBe(true);
  });
  it('a folder pattern takes everything under it; classes work', () => {
    expect(matchesPattern('onnx/a/b.bin', 'onnx/')).toBe(true);
    expect(matchesPattern('model-00001-of-00002.safetensors', 'model-0000[0-9]-*')).toBe(true);
    expect(matchesPattern('x.json', '[!x].json')).toBe(false);
  });
  it('no patterns means every file', () => {
    expect(isWanted('anything', undefined)).toBe(true);
    expect(isWanted('README.md', ['*.json'])).toBe(false);
  });
});
