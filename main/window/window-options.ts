import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The console window. Every security flag is written out even where it is Electron's default, so
 * a reader (and a test) sees them and a future default change cannot weaken them.
 */
export function mainWindowOptions(preloadPath: string, isDevelopment: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    title: 'Passerelle',
    show: false,
    backgroundColor: '#101418',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A packaged build has no DevTools: from them, anyone at the keyboard reads the admin token
      // the page holds and calls the bridge. `npm start` (unpackaged) keeps them.
      devTools: isDevelopment,
    },
  };
}
