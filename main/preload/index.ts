// The sandboxed preload: bundled into one CommonJS file (scripts/build.mjs), as sandboxed preloads
// cannot load ESM or npm packages. It exposes the typed bridge and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY } from '../ipc/contract';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
