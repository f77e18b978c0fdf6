import type { EngineExit as HostExit, EngineHandle } from '../engine-host';
import type { LlmHandle } from './llm-handle';

/**
 * An LLM engine as the model manager sees every engine (engine-host.ts), with the LLM handle the
 * proxy needs kept inside it.
 */
export class LlmEngineHandle implements EngineHandle {
  readonly baseUrl: string;

  constructor(readonly llm: LlmHandle, readonly device: 'cuda' | 'cpu', readonly deviceNote?: string) {
    this.baseUrl = llm.baseUrl;
  }

  get pids(): number[] {
    return this.llm.pids();
  }

  stop(): Promise<void> {
    return this.llm.stop();
  }

  onHealth(listener: (ok: boolean) => void): void {
    this.llm.onHealth?.(listener);
  }

  onExit(listener: (exit: HostExit) => void): void {
    this.llm.onExit((exit) => listener({ code: exit.code, signal: exit.signal, reason: exit.error.message }));
  }
}

export function isLlmEngineHandle(handle: EngineHandle | undefined): handle is LlmEngineHandle {
  return handle instanceof LlmEngineHandle;
}
