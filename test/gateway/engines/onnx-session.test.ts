import { describe, expect, it } from 'vitest';
import { chooseDevice, createOnnxSession } from '../../../gateway/engines/onnx-session';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ortBinaryDir } from '../../../gateway/engines/cuda-provider';
import { SILERO_VAD_ONNX } from '../../helpers/silero-snapshot';

describe('ONNX session device', () => {
  it('uses CUDA only when GPUs were chosen and the provider is installed, and says why otherwise', () => {
    expect(chooseDevice({ gpuDeviceIds: [1, 2] }, true)).toEqual({ device: 'cuda' });
    expect(chooseDevice({ gpuDeviceIds: [1] }, false)).toEqual({ device: 'cpu', note: 'loaded on CPU: the CUDA provider is not installed' });
    expect(chooseDevice({ gpuDeviceIds: [] }, true)).toEqual({ device: 'cpu' });
  });

  it('opens the real model on the device it reports', async () => {
    const { session, device } = await createOnnxSession(SILERO_VAD_ONNX, { gpuDeviceIds: [] });
    expect(device).toEqual({ device: 'cpu' });
    expect(session.inputNames).toEqual(['input', 'state', 'sr']);
    expect(session.outputNames).toEqual(['output', 'stateN']);
    await session.release();
    // The CUDA provider is looked for next to the binding that ORT really loads.
    expect(existsSync(join(ortBinaryDir(), 'onnxruntime_binding.node'))).toBe(true);
  });
});
