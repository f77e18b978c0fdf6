import { APP_ORIGIN } from './contract';

/** The part of Electron's WebFrameMain that the check reads. */
export interface SenderFrame {
  url: string;
  /** Null for a top-level frame. */
  parent: unknown;
}

/**
 * `scheme://host[:port]` of a URL, for any scheme. WHATWG gives non-special schemes (our `app:`)
 * the opaque origin "null", which would make every custom-scheme page look alike.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/** IPC is answered only for the console's own page, in the top frame (security checklist item 17). */
export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string = APP_ORIGIN): boolean {
  if (!frame || frame.parent) return false;
  return originOf(frame.url) === appOrigin;
}
