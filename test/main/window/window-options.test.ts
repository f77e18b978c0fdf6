import { describe, expect, it, vi } from 'vitest';
import { mainWindowOptions } from '../../../main/window/window-options';

const created = vi.hoisted(() => ({ options: [] as unknown[], loaded: [] as string[] }));
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: unknown) {
      created.options.push(options);
    }
    once(): void {}
    async loadURL(url: string): Promise<void> {
      created.loaded.push(url);
    }
  },
}));

describe('the console window', () => {
  it('carries every security flag', () => {
    const web = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!;
    expect(web).toMatchObject({
      preload: '/app/out/preload/index.cjs',
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
    });
    expect(web).not.toHaveProperty('enableBlinkFeatures');
  });

  it('is created with those options and loads the bundled renderer from app://passerelle/', async () => {
    const { createMainWindow } = await import('../../../main/window/create-window');
    createMainWindow('/p.cjs');
    expect(created.options).toEqual([mainWindowOptions('/p.cjs')]);
    expect(created.loaded).toEqual(['app://passerelle/']);
  });
});
