import type { MenuItemConstructorOptions } from 'electron';
import type { ConsoleActions } from '../tray/tray-menu';

/** The application menu: the usual roles plus the gateway's actions, as in the tray. */
export function appMenuTemplate(platform: NodeJS.Platform, actions: ConsoleActions, isDevelopment = false): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() }] },
    { role: 'editMenu' },
    {
      label: 'View',
      // Packaged builds have no DevTools (window-options.ts): no menu entry for them either.
      submenu: [{ role: 'reload' }, ...(isDevelopment ? [{ role: 'toggleDevTools' as const }] : []), { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    {
      label: 'Gateway',
      submenu: [
        { label: 'Start', click: () => actions.start() },
        { label: 'Stop', click: () => actions.stop() },
        { label: 'Restart', accelerator: 'CmdOrCtrl+Shift+R', click: () => actions.restart() },
      ],
    },
    { role: 'windowMenu' },
  ];
}
