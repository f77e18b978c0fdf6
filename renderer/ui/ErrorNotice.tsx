import type { ErrorObject } from '../../gateway/contract/errors';

/** An error as the gateway worded it: message, what to do (hint), and the code to search for. */
export function ErrorNotice({ error, title }: { error: ErrorObject | null | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div className="notice error" role="alert">
      {title && <strong>{title}: </strong>}
      <span>{error.message}</span>
      {error.hint && <div className="hint">{error.hint}</div>}
      <div className="muted mono">{error.code}{error.request_id ? ` · request ${error.request_id}` : ''}</div>
    </div>
  );
}

/** The gateway has no such route (404 not_found): an older gateway, or a part not built yet. */
export function NotOffered({ what }: { what: string }) {
  return (
    <div className="notice warn" role="status">
      This gateway does not offer {what} yet. Upgrade the gateway to a version that has it; the rest of the console works meanwhile.
    </div>
  );
}
