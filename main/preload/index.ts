// The sandboxed preload: bundled into one CommonJS file (scripts/build.mjs), as sandboxed preloads
// cannot load ESM or npm packages. It exposes the typed bridge and nothing else. Only types come
// from the contract, so zod stays out of this bundle.
import { contextBridge, ipcRenderer } from 'electron';
import type { BRIDGE_KEY } from '../ipc/contract';
import { createBridge } from './bridge';

const key: typeof BRIDGE_KEY = 'passerelle';
contextBridge.exposeInMainWorld(key, createBridge(ipcRenderer));
