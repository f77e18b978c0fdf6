/**
 * The part of electron-store (and of `conf`, which it wraps) that the console uses. Tests pass a
 * `conf` instance with an explicit cwd, because electron-store imports electron.
 */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}
