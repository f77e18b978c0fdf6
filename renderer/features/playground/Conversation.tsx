import { useAppStore } from '../../store/app-store';

export function Conversation() {
  const messages = useAppStore((s) => s.playground.messages);
  return (
    <div aria-label="Conversation" role="log" aria-live="polite">
      {messages.map((m, i) => (
        <div key={i} className="card" data-role={m.role} style={{ whiteSpace: 'pre-wrap' }}>
          <div className="muted">{m.role}</div>
          {m.content || (m.role === 'assistant' ? '…' : '')}
        </div>
      ))}
    </div>
  );
}
