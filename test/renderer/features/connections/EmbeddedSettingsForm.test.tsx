import { describe, expect, it } from 'vitest';
import type { PasserelleBridge, Settings, SettingsPatch } from '../../../../main/ipc/contract';
import { EmbeddedSettingsForm } from '../../../../renderer/features/connections/EmbeddedSettingsForm';
import { renderPage, typeAndSubmit } from '../render-page';

function fakeBridge() {
  let settings: Settings = { cacheDir: null, autoStart: true };
  const updates: SettingsPatch[] = [];
  const bridge = { settings: { get: async () => settings, update: async (patch: SettingsPatch) => { updates.push(patch); settings = { ...settings, ...patch }; return settings; } } };
  return { bridge: bridge as unknown as PasserelleBridge, updates };
}

const fill = (container: HTMLElement, value: string) => typeAndSubmit(container, 'cache-dir', value);

describe('embedded gateway settings', () => {
  it('sets the model cache directory through main, and refuses a relative path with the contract\'s words', async () => {
    const { bridge, updates } = fakeBridge();
    let saves = 0;
    const { container, unmount } = await renderPage(<EmbeddedSettingsForm bridge={bridge} onSaved={() => { saves += 1; }} />);
    expect(container.querySelector<HTMLInputElement>('input[name="cache-dir"]')!.value).toBe('');
    await fill(container, 'models');
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('an absolute path');
    expect(updates).toEqual([]);
    await fill(container, '/srv/models');
    expect(updates).toEqual([{ cacheDir: '/srv/models', autoStart: true }]);
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(container.textContent).toContain('next start');
    expect(saves).toBe(1);
    await fill(container, '  ');
    expect(updates.at(-1)).toEqual({ cacheDir: null, autoStart: true });
    unmount();
  });
});
