/**
 * localStorage where the browser allows it (the guide: nothing is kept when the browser refuses
 * storage, as private modes and locked-down profiles do). Every access may throw: guard each one.
 */
export function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Returns whether the value was kept; false means it lives in memory only, for this tab. */
export function writeStored(key: string, value: string | null): boolean {
  try {
    const storage = globalThis.localStorage;
    if (!storage) return false;
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}
