import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store';
import { selectLoadedChatModels } from '../../store/models-slice';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { refreshModels } from '../models/models-actions';
import { sendMessage, stopStreaming } from './playground-actions';
import { Conversation } from './Conversation';

/** Streaming chat with a loaded chat model: system prompt, temperature, max tokens, stop, tokens/s. */
export default function PlaygroundPage() {
  useEffect(() => {
    void refreshModels();
  }, []);
  const models = useAppStore(useShallow((s) => selectLoadedChatModels(s).map((m) => m.key)));
  const p = useAppStore(useShallow((s) => ({ model: s.playground.model, systemPrompt: s.playground.systemPrompt, temperature: s.playground.temperature, maxTokens: s.playground.maxTokens, isStreaming: s.playground.isStreaming, tps: s.playground.tokensPerSecond, tokens: s.playground.completionTokens, error: s.playground.error })));
  const set = useAppStore((s) => s.setPlayground);
  const [draft, setDraft] = useState('');
  useEffect(() => {
    if (!p.model && models[0]) set({ model: models[0] });
  }, [models, p.model, set]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = draft;
    setDraft('');
    void sendMessage(text);
  };
  return (
    <>
      <h1>Playground</h1>
      <div className="row">
        <label>Model
          <select value={p.model} onChange={(e) => set({ model: e.target.value })}>
            {models.length === 0 && <option value="">no chat model loaded</option>}
            {models.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <label>Temperature<input type="number" min={0} max={2} step={0.1} value={p.temperature} onChange={(e) => set({ temperature: Number(e.target.value) })} /></label>
        <label>Max tokens<input type="number" min={1} max={32768} value={p.maxTokens} onChange={(e) => set({ maxTokens: Number(e.target.value) })} /></label>
        <button type="button" onClick={() => set({ messages: [], error: null, tokensPerSecond: null })} disabled={p.isStreaming}>Clear conversation</button>
      </div>
      {models.length === 0 && <p className="muted">Load a chat model on the Models page to talk to it here.</p>}
      <label style={{ display: 'flex', margin: '8px 0' }}>System prompt
        <textarea rows={2} value={p.systemPrompt} onChange={(e) => set({ systemPrompt: e.target.value })} />
      </label>
      <Conversation />
      <ErrorNotice error={p.error} />
      <form className="row" onSubmit={submit} style={{ marginTop: 8 }}>
        <label style={{ flex: 1 }}>Message
          <textarea rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e); }} />
        </label>
        {p.isStreaming
          ? <button type="button" className="danger" onClick={stopStreaming}>Stop</button>
          : <button type="submit" className="primary" disabled={!p.model || !draft.trim()}>Send</button>}
      </form>
      <p className="muted" role="status" data-testid="tokens-per-second">{p.tps !== null ? `${p.tokens} tokens · ${p.tps.toFixed(1)} tokens/s` : ''}</p>
    </>
  );
}
