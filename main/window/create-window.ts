import { app, BrowserWindow } from 'electron';
import { APP_ORIGIN } from '../ipc/contract';
import { mainWindowOptions } from './window-options';

/** The console window, loading the bundled renderer from app://passerelle/; DevTools only when unpackaged. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath, !app.isPackaged));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/`);
  return win;
}
