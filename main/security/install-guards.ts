import type { App, Session, Shell } from 'electron';
import { APP_ORIGIN } from '../ipc/contract';
import { isAllowedExternal, isAllowedNavigation, isPermissionAllowed } from './navigation-policy';

export interface GuardLog {
  warn(message: string): void;
}

/**
 * The Electron side of the security checklist, for every web contents the app ever creates:
 * navigation away from our page is cancelled (a link to https opens in the browser instead),
 * window.open is denied, <webview> cannot attach, and permissions follow isPermissionAllowed.
 */
export function installGuards(app: Pick<App, 'on'>, session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, shell: Pick<Shell, 'openExternal'>, log: GuardLog, appOrigin = APP_ORIGIN): void {
  const openOutside = (url: string): void => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    else log.warn(`refused to open ${url.slice(0, 200)}: only https links open outside the console`);
  };
  app.on('web-contents-created', (_event, contents) => {
    const blockNavigation = (event: { preventDefault(): void }, url: string): void => {
      if (isAllowedNavigation(url, appOrigin)) return;
      event.preventDefault();
      log.warn(`blocked navigation to ${url.slice(0, 200)}`);
      openOutside(url);
    };
    contents.on('will-navigate', blockNavigation);
    contents.on('will-redirect', blockNavigation);
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame && !isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openOutside(url);
      return { action: 'deny' };
    });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(isPermissionAllowed({ permission, requestingUrl: details.requestingUrl ?? '', mediaTypes }, appOrigin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const mediaType = 'mediaType' in details ? details.mediaType : undefined;
    return isPermissionAllowed({ permission, requestingUrl: requestingOrigin, mediaTypes: mediaType ? [mediaType] : [] }, appOrigin);
  });
}
