import { browserPlatform } from './browser-platform';
import { electronPlatform, findBridge } from './electron-platform';
import type { Platform } from './platform';

/** Electron when the preload bridge is there, the browser dashboard otherwise. */
export function detectPlatform(): Platform {
  const bridge = findBridge();
  return bridge ? electronPlatform(bridge) : browserPlatform();
}
