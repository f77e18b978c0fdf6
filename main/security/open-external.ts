import type { Shell } from 'electron';
import { GatewayError } from '../../gateway/errors';
import { isAllowedExternal } from './navigation-policy';

/** `shell.openExternal` for the renderer's links: https only, anything else refused with the reason. */
export async function openExternalSafely(shell: Pick<Shell, 'openExternal'>, url: string): Promise<void> {
  if (!isAllowedExternal(url)) {
    throw new GatewayError('external_url_refused', `Only https links open in the browser; "${url.slice(0, 200)}" was refused.`, { param: 'url', hint: 'Use an https link.' });
  }
  await shell.openExternal(url);
}
