import { BrowserWindow } from 'electron';
import { APP_ORIGIN } from '../ipc/contract';
import { mainWindowOptions } from './window-options';

/** The console window, loading the bundled renderer from app://passerelle/. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/`);
  return win;
}
