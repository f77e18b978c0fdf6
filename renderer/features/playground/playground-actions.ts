import { asApiError } from '../../api/api-error';
import { streamChat } from '../../api/chat-stream';
import { gateway } from '../../app/gateway';
import { useAppStore } from '../../store/app-store';
import { selectRequestMessages } from '../../store/playground-slice';

let controller: AbortController | null = null;

/** Sends the user's message and streams the answer into the conversation. */
export async function sendMessage(text: string): Promise<void> {
  const s = useAppStore.getState();
  const p = s.playground;
  if (!p.model || p.isStreaming || !text.trim()) return;
  s.setPlayground({ messages: [...p.messages, { role: 'user', content: text }, { role: 'assistant', content: '' }], isStreaming: true, error: null, tokensPerSecond: null, completionTokens: 0 });
  controller = new AbortController();
  const meter = { first: 0, chunks: 0, usage: null as number | null };
  const update = () => {
    const seconds = (performance.now() - meter.first) / 1000;
    const tokens = meter.usage ?? meter.chunks;
    useAppStore.getState().setPlayground({ completionTokens: tokens, tokensPerSecond: seconds > 0.05 ? tokens / seconds : null });
  };
  try {
    await streamChat(gateway, {
      model: p.model,
      messages: selectRequestMessages(useAppStore.getState()).slice(0, -1),
      temperature: p.temperature,
      max_tokens: p.maxTokens,
    }, controller.signal, {
      onDelta: (delta) => {
        if (meter.chunks === 0) meter.first = performance.now();
        meter.chunks += 1;
        useAppStore.getState().appendAssistantText(delta);
        update();
      },
      onUsage: (tokens) => {
        meter.usage = tokens;
        update();
      },
    });
  } catch (err) {
    if ((err as Error)?.name !== 'AbortError') useAppStore.getState().setPlayground({ error: asApiError(err).toErrorObject() });
  } finally {
    controller = null;
    useAppStore.getState().setPlayground({ isStreaming: false });
  }
}

/** Stops the answer: aborting the request makes the gateway abort the upstream one. */
export function stopStreaming(): void {
  controller?.abort();
}
