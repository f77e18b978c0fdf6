import { APP_ORIGIN } from '../ipc/contract';
import { originOf } from '../ipc/sender-policy';

/** The window may only ever show the console's own page (security checklist items 13–14). */
export function isAllowedNavigation(url: string, appOrigin: string = APP_ORIGIN): boolean {
  return originOf(url) === appOrigin;
}

/** Links leave for the user's browser only over https: no file:, smb:, custom handlers or http. */
export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname !== '' && !u.username && !u.password;
  } catch {
    return false;
  }
}

export interface PermissionRequest {
  permission: string;
  /** The URL of the frame that asks. */
  requestingUrl: string;
  /** For `media`: what is asked for (`audio`, `video`). */
  mediaTypes?: readonly string[];
}

/**
 * Every permission is denied but the microphone, for our own page: the audio lab records from it;
 * and writing (never reading) the clipboard after a click, which Chromium asks as
 * `clipboard-sanitized-write`: "Copy key" for a new API key, shown once, depends on it.
 * Camera, screen capture, notifications, geolocation, HID, serial… are never needed.
 */
export function isPermissionAllowed(req: PermissionRequest, appOrigin: string = APP_ORIGIN): boolean {
  if (originOf(req.requestingUrl) !== appOrigin) return false;
  if (req.permission === 'clipboard-sanitized-write') return true;
  if (req.permission !== 'media') return false;
  const types = req.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'audio');
}
