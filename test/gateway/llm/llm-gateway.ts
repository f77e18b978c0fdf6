import { afterAll } from 'vitest';
import OpenAI from 'openai';
import { LlmRegistry } from '../../helpers/llm-registry';
import type { LlmHandle } from '../../../gateway/engines/llm/llm-handle';
import { startTestGateway, type TestGateway } from '../../helpers/in-process-gateway';

/** The real gateway with an LLM registry the test fills, and an `openai` client pointed at it. */
export async function llmGateway(env: Record<string, string> = {}): Promise<{ gw: TestGateway; registry: LlmRegistry; client: OpenAI }> {
  const gw = await startTestGateway(env);
  const registry = new LlmRegistry();
  gw.deps.llmTargets = registry;
  const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.token, maxRetries: 0, timeout: 20_000 });
  return { gw, registry, client };
}

/** Stops the handles at the end of the file. */
export function stopAtEnd(handles: LlmHandle[]): void {
  afterAll(() => Promise.all(handles.map((h) => h.stop())));
}
