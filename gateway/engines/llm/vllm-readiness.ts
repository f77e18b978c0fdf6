import { GatewayError } from '../../errors';
import type { EngineOutput } from './engine-output';
import type { VllmProcess } from './vllm-process';
import type { VllmTiming } from './vllm-engine';
import { modelIds, probe } from './http-probe';
import { classifyStartFailure } from './vllm-failure';

interface ReadinessInput {
  key: string;
  baseUrl: string;
  process: VllmProcess;
  output: EngineOutput;
  timing: VllmTiming;
  signal?: AbortSignal;
}

/**
 * Ready = the process alive, `/health` 200 and the model listed by `/v1/models` (engines.md §4.3:
 * connections are refused while the engine loads, and some versions say 200 or 503 while warming
 * up, so all three are checked). Throws the cause when the process exits first, or on the bound.
 */
export async function waitForReady(input: ReadinessInput): Promise<void> {
  const { key, process: proc, timing } = input;
  const deadline = Date.now() + timing.startupTimeoutMs;
  const root = input.baseUrl.replace(/\/v1$/, '');
  for (;;) {
    if (!proc.isRunning) throw startFailure(key, input.output, proc);
    if (input.signal?.aborted) throw new GatewayError('engine_load_failed', `The load of "${key}" was cancelled.`);
    if (Date.now() >= deadline) {
      throw new GatewayError('engine_load_failed', `vLLM did not become ready for "${key}" within ${Math.round(timing.startupTimeoutMs / 1000)} s.`, {
        hint: 'Large models on a cold compile cache can take 10 minutes or more: load again with a larger options.startupTimeoutSeconds, or options.enforceEager: true for a faster start. The engine events show how far it got.',
      });
    }
    if (await isServing(root, input.baseUrl, key, proc.apiKey, timing.probeTimeoutMs)) return;
    await Promise.race([delay(timing.readyPollMs), proc.exited]);
  }
}

async function isServing(root: string, baseUrl: string, key: string, apiKey: string, timeoutMs: number): Promise<boolean> {
  try {
    const health = await probe(`${root}/health`, timeoutMs);
    if (health.status !== 200) return false;
    const models = await probe(`${baseUrl}/models`, timeoutMs, { authorization: `Bearer ${apiKey}` });
    return models.status === 200 && (modelIds(models.body) ?? []).includes(key);
  } catch {
    return false; // refused while loading: keep polling
  }
}

function startFailure(key: string, output: EngineOutput, proc: VllmProcess): GatewayError {
  const known = classifyStartFailure(key, output.lastLines());
  if (known) return known;
  const status = proc.exitStatus;
  const last = output.lastLines(6).join('\n');
  if (status?.code === 127 || status?.code === 126) {
    return new GatewayError('engine_load_failed', `The vLLM command could not be run (${status.code === 127 ? 'not found' : 'not executable'}): ${last.slice(-300)}`, {
      hint: 'Install vLLM (pip install vllm) where the gateway runs, or set VLLM_COMMAND to its path (for example /opt/venv/bin/vllm).',
    });
  }
  return new GatewayError('engine_load_failed', `vLLM exited before serving "${key}" (${status?.signal ? `signal ${status.signal}` : `code ${status?.code}`}).${last ? ` Its last output:\n${last.slice(-1500)}` : ''}`, {
    hint: 'Read the engine events for the cause; an exit code 2 means a flag this vLLM version does not accept (check the load options and VLLM_COMMAND\'s version).',
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
