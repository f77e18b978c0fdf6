import { useSyncExternalStore } from 'react';

/**
 * The page id from the URL hash (`#/gpus` → `gpus`). A hash route works both from the gateway
 * (any path serves index.html) and from file:// in Electron, where paths cannot change.
 */
export function useHashRoute(fallback: string): string {
  const hash = useSyncExternalStore(subscribe, () => location.hash, () => '');
  return hash.replace(/^#\/?/, '').split(/[/?]/)[0] || fallback;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function navigate(page: string): void {
  location.hash = `#/${page}`;
}
