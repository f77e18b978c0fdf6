import { describe, expect, it } from 'vitest';
import { classifyStartFailure, suggestedMaxModelLen } from '../../../../gateway/engines/llm/vllm-failure';

// Lines as vLLM prints them: logger prefix, engine-core process prefix, or bare traceback lines.
describe('vLLM start-up failures', () => {
  it('reads the free-memory failure behind the engine core prefix, and suggests what fits', () => {
    const err = classifyStartFailure('qwen', [
      'INFO 11-26 08:44:42 [core.py:1] something',
      '(EngineCore_DP0 pid=4242) ERROR 11-26 08:44:43 [core.py:708] ValueError: Free memory on device (30.00/79.19 GiB) on startup is less than desired GPU memory utilization (0.9, 71.27 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.',
    ])!;
    expect(err.code).toBe('insufficient_gpu_memory');
    expect(err.message).toMatch(/^vLLM could not start "qwen": ValueError: Free memory on device/);
    expect(err.hint).toContain('gpuMemoryUtilization ≤ 0.35');
  });

  it('parses the estimated maximum model length', () => {
    const line = "ValueError: To serve at least one request with the models's max seq len (131072), (24.00 GiB KV cache is needed, which is larger than the available KV cache memory (5.86 GiB). Based on the available memory, the estimated maximum model length is 47872. Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.";
    expect(suggestedMaxModelLen(line)).toBe(47872);
    expect(classifyStartFailure('qwen', [line])!.hint).toContain('options.maxModelLen = 47872');
  });

  it('tells a max length above the model\'s own from an out-of-memory, and knows nothing of other failures', () => {
    const tooLong = classifyStartFailure('qwen', ['ValueError: User-specified max_model_len (200000) is greater than the derived max_model_len (max_position_embeddings=32768 or model_max_length=None in model\'s config.json).'])!;
    expect(tooLong.code).toBe('invalid_model_options');
    expect(tooLong.param).toBe('options.maxModelLen');
    expect(classifyStartFailure('qwen', ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.02 GiB.'])!.code).toBe('insufficient_gpu_memory');
    expect(classifyStartFailure('qwen', ['RuntimeError: CUDA error: an illegal memory access was encountered'])).toBeNull();
  });
});
