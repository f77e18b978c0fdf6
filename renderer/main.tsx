import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { Shell } from './app/Shell';
import { TokenGate } from './app/TokenGate';
import { startSession } from './app/session';
import { platform } from './app/platform-instance';
import { useAppStore } from './store/app-store';
import { ErrorNotice } from './ui/ErrorNotice';
import './styles.css';

function App() {
  const phase = useAppStore((s) => s.connection.phase);
  const error = useAppStore((s) => s.connection.error);
  useEffect(() => {
    void startSession(platform);
  }, []);
  const hasSystem = useAppStore((s) => s.connection.system !== null);
  // In Electron the shell always shows: the Connections page is where a gateway is (re)started.
  if (platform.kind === 'electron') return phase === 'starting' ? null : <Shell platform={platform} />;
  if (phase === 'needs-token') return <TokenGate platform={platform} />;
  if (!hasSystem && (phase === 'starting' || phase === 'connecting')) return <p className="muted" style={{ padding: 16 }} role="status">Connecting to the gateway…</p>;
  if (phase === 'failed' && !hasSystem) {
    return (
      <main className="gate">
        <h1>Cannot reach the gateway</h1>
        <ErrorNotice error={error} />
        <button type="button" onClick={() => void startSession(platform)}>Retry</button>
      </main>
    );
  }
  return <Shell platform={platform} />;
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
