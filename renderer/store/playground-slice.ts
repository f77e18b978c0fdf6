import type { StateCreator } from 'zustand';
import type { ErrorObject } from '../../gateway/contract/errors';
import type { AppState } from './app-store';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface PlaygroundSlice {
  playground: {
    model: string;
    systemPrompt: string;
    temperature: number;
    maxTokens: number;
    messages: ChatMessage[];
    isStreaming: boolean;
    /** Completion tokens (stream chunks when the gateway sends no usage) over streaming time. */
    tokensPerSecond: number | null;
    completionTokens: number;
    error: ErrorObject | null;
  };
  setPlayground: (patch: Partial<PlaygroundSlice['playground']>) => void;
  /** Appends streamed text to the last (assistant) message. */
  appendAssistantText: (delta: string) => void;
}

export const createPlaygroundSlice: StateCreator<AppState, [], [], PlaygroundSlice> = (set) => ({
  playground: { model: '', systemPrompt: '', temperature: 0.7, maxTokens: 512, messages: [], isStreaming: false, tokensPerSecond: null, completionTokens: 0, error: null },
  setPlayground: (patch) => set((s) => ({ playground: { ...s.playground, ...patch } })),
  appendAssistantText: (delta) => set((s) => {
    const messages = [...s.playground.messages];
    const last = messages.at(-1);
    if (last?.role === 'assistant') messages[messages.length - 1] = { ...last, content: last.content + delta };
    else messages.push({ role: 'assistant', content: delta });
    return { playground: { ...s.playground, messages } };
  }),
});

/** What is sent: the system prompt (if any) then the conversation. */
export function selectRequestMessages(s: AppState): ChatMessage[] {
  const system = s.playground.systemPrompt.trim();
  return [...(system ? [{ role: 'system' as const, content: system }] : []), ...s.playground.messages.filter((m) => m.role !== 'system')];
}
