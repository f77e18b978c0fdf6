import type { IpcMainLike } from '../../../main/ipc/ipc-router';
import type { SenderFrame } from '../../../main/ipc/sender-policy';
import type { IpcRendererLike } from '../../../main/preload/bridge';

type Listener = Parameters<IpcMainLike['handle']>[1];

/**
 * ipcMain and ipcRenderer joined the way Electron joins them: arguments and replies go through the
 * structured clone, an unregistered channel rejects, and every call carries the sender's frame.
 */
export function fakeIpc(frame: SenderFrame | null = { url: 'app://passerelle/index.html', parent: null }) {
  const handlers = new Map<string, Listener>();
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const calls: string[] = [];
  const main: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
  };
  const renderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      calls.push(channel);
      const h = handlers.get(channel);
      if (!h) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      return structuredClone(await h({ senderFrame: state.frame }, ...structuredClone(args)));
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const state = {
    frame,
    main,
    renderer,
    calls,
    handlers,
    /** webContents.send from main. */
    send(channel: string, payload: unknown) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'webContents' }, structuredClone(payload));
    },
    listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0,
  };
  return state;
}
