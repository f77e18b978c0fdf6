import { describe, expect, it } from 'vitest';
import { workerEnv } from '../../../gateway/engines/worker-env';

describe('worker environment', () => {
  const parent = { PATH: '/usr/bin', HUGGINGFACE_TOKEN: 'hf_x', HF_TOKEN: 'hf_y', ADMIN_TOKEN: 'a', OPENAI_API_KEYS: 'k1,k2', CUDA_VISIBLE_DEVICES: '0,1,2,3' };

  it('holds the chosen GPUs in PCI bus order, and no secret', () => {
    expect(workerEnv(parent, [3, 1], false)).toEqual({ PATH: '/usr/bin', CUDA_VISIBLE_DEVICES: '3,1', CUDA_DEVICE_ORDER: 'PCI_BUS_ID' });
  });

  it('hides every GPU for a CPU placement, and runs Electron as Node when embedded', () => {
    expect(workerEnv(parent, [], true)).toMatchObject({ CUDA_VISIBLE_DEVICES: '', ELECTRON_RUN_AS_NODE: '1' });
  });

  it('leaves the gateway environment untouched', () => {
    const before = { ...parent };
    workerEnv(parent, [2], false);
    expect(parent).toEqual(before);
  });
});
