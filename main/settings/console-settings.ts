import { z } from 'zod';
import { Settings, type SettingsPatch } from '../ipc/contract';
import type { KeyValueStore } from '../secrets/key-value-store';

/** A remote profile as stored: its admin token is in the secret vault, never here. */
export const StoredProfile = z.object({ name: z.string(), url: z.string(), certificateSha256: z.string().optional() });
export type StoredProfile = z.infer<typeof StoredProfile>;

const DEFAULTS: Settings = { cacheDir: null, autoStart: true };

/**
 * The console's settings in electron-store (`config.json` in userData). Values are parsed on read:
 * a hand-edited or older file falls back to defaults field by field instead of crashing the app.
 */
export class ConsoleSettings {
  constructor(private readonly store: KeyValueStore) {}

  get(): Settings {
    const cacheDir = Settings.shape.cacheDir.safeParse(this.store.get('settings.cacheDir'));
    const autoStart = Settings.shape.autoStart.safeParse(this.store.get('settings.autoStart'));
    return { cacheDir: cacheDir.success ? cacheDir.data : DEFAULTS.cacheDir, autoStart: autoStart.success ? autoStart.data : DEFAULTS.autoStart };
  }

  update(patch: SettingsPatch): Settings {
    if (patch.cacheDir !== undefined) this.store.set('settings.cacheDir', patch.cacheDir);
    if (patch.autoStart !== undefined) this.store.set('settings.autoStart', patch.autoStart);
    return this.get();
  }

  profiles(): StoredProfile[] {
    const parsed = z.array(StoredProfile).safeParse(this.store.get('profiles'));
    return parsed.success ? parsed.data : [];
  }

  saveProfiles(profiles: StoredProfile[]): void {
    this.store.set('profiles', profiles);
  }

  /** The profile attached last time, or null for the embedded gateway. */
  activeProfile(): string | null {
    const v = this.store.get('activeProfile');
    return typeof v === 'string' ? v : null;
  }

  setActiveProfile(name: string | null): void {
    if (name === null) this.store.delete('activeProfile');
    else this.store.set('activeProfile', name);
  }
}
