import { Suspense, type MouseEvent } from 'react';
import type { Platform } from '../platform/platform';
import { useAppStore } from '../store/app-store';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ApiKeyDialog } from './ApiKeyDialog';
import { PAGES } from './pages';
import { useHashRoute } from './use-hash-route';

/** Top bar (connection, API key dialog top right), navigation, and the current page. */
export function Shell({ platform }: { platform: Platform }) {
  const pageId = useHashRoute('models');
  const page = PAGES.find((p) => p.id === pageId) ?? PAGES[0]!;
  const Page = page.component;
  return (
    <div className="shell">
      {/* The hash is the page route: following #main would leave the page, so focus it instead. */}
      <a className="skip-link" href="#main" onClick={skipToContent}>Skip to content</a>
      <header className="topbar">
        <span className="brand">Passerelle</span>
        <ConnectionBadge />
        <span className="spacer" />
        <ApiKeyDialog platform={platform} />
      </header>
      <nav className="nav" aria-label="Pages">
        <ul>
          {PAGES.map((p) => (
            <li key={p.id}><a href={`#/${p.id}`} aria-current={p.id === page.id ? 'page' : undefined}>{p.title}</a></li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="muted">Loading {page.title}…</p>}>
          <Page />
        </Suspense>
      </main>
    </div>
  );
}

function skipToContent(e: MouseEvent<HTMLAnchorElement>): void {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

function ConnectionBadge() {
  const system = useAppStore((s) => s.connection.system);
  const stream = useAppStore((s) => s.connection.stream);
  const detail = useAppStore((s) => s.connection.streamDetail);
  const persistent = useAppStore((s) => s.connection.isStoragePersistent);
  const error = useAppStore((s) => s.connection.phase === 'failed' ? s.connection.error : null);
  return (
    <>
      <span className="muted" role="status" aria-live="polite">
        <span className={`dot ${stream}`} aria-hidden="true" />
        {system ? `${system.hostname} · gateway ${system.version}` : 'gateway'} · live {stream === 'open' ? 'connected' : detail ?? stream}
        {!persistent && ' · tokens kept for this tab only (browser storage refused)'}
      </span>
      <ErrorNotice error={error} />
    </>
  );
}
