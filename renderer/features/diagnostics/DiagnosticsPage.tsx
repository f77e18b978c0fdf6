import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store';
import { selectCheckCounts, selectOrderedChecks } from '../../store/diagnostics-slice';
import { ErrorNotice, NotOffered } from '../../ui/ErrorNotice';
import { formatTime } from '../../ui/format';
import { runDiagnostics } from './diagnostics-actions';

const STATUS_CLASS = { ok: 'ok', warn: 'warn', fail: 'fail' } as const;

/** Every check with its status, cause and fix; failures first; run again on demand. */
export default function DiagnosticsPage() {
  useEffect(() => {
    void runDiagnostics();
  }, []);
  const resource = useAppStore((s) => s.diagnostics);
  const checks = useAppStore(useShallow(selectOrderedChecks));
  const counts = useAppStore(useShallow(selectCheckCounts));
  useEffect(() => {
    // Deep link from a model's error: #/diagnostics?check=<id> scrolls to that check.
    const wanted = new URLSearchParams(location.hash.split('?')[1] ?? '').get('check');
    const el = wanted ? document.getElementById(`check-${wanted}`) : null;
    el?.scrollIntoView({ block: 'start' });
    el?.focus();
  }, [checks.length]);
  return (
    <>
      <h1>Diagnostics</h1>
      {resource.state === 'not-offered' ? <NotOffered what="diagnostics" /> : (
        <>
          <div className="row" style={{ alignItems: 'center', marginBottom: 8 }}>
            <button type="button" onClick={() => void runDiagnostics()} disabled={resource.state === 'loading'}>
              {resource.state === 'loading' ? 'Running checks…' : 'Run again'}
            </button>
            {resource.data && (
              <span role="status">{counts.fail} failing · {counts.warn} warnings · {counts.ok} ok · checked {formatTime(resource.data.checkedAt)}</span>
            )}
          </div>
          <ErrorNotice error={resource.error} />
          {checks.map((c) => (
            <section key={c.id} id={`check-${c.id}`} tabIndex={-1} className="card" aria-labelledby={`check-title-${c.id}`}>
              <h2 id={`check-title-${c.id}`}>
                <span className={`badge ${STATUS_CLASS[c.status]}`}>{c.status}</span> {c.title}
              </h2>
              <p>{c.message}</p>
              {c.cause && <p><strong>Likely cause:</strong> {c.cause}</p>}
              {c.fix && <p><strong>Fix:</strong> {c.fix}</p>}
            </section>
          ))}
        </>
      )}
    </>
  );
}
