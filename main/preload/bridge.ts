import type { ChannelArg, ChannelResult, EventChannel, EventPayload, InvokeChannel, IpcReply, PasserelleBridge } from '../ipc/contract';

/** The part of Electron's ipcRenderer that the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * `window.passerelle`: one named function per contract channel, nothing generic (no `invoke`, no
 * `ipcRenderer`), so a compromised page can do what the UI can and no more. A failed call rejects
 * with the ErrorBody that main sent (`{ error: { message, code, hint… } }`).
 */
export function createBridge(ipc: IpcRendererLike): PasserelleBridge {
  async function call<C extends InvokeChannel>(channel: C, arg?: ChannelArg<C>): Promise<ChannelResult<C>> {
    const reply = (await (arg === undefined ? ipc.invoke(channel) : ipc.invoke(channel, arg))) as IpcReply<ChannelResult<C>>;
    if (!reply.ok) return Promise.reject(reply.error);
    return reply.value;
  }
  function subscribe<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
    // The Electron event is dropped: it carries `sender`, which must not reach the page.
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload as EventPayload<C>);
    ipc.on(channel, wrapped);
    return () => void ipc.removeListener(channel, wrapped);
  }
  return {
    app: { info: () => call('passerelle:app.info') },
    connection: {
      get: () => call('passerelle:connection.get'),
      useEmbedded: () => call('passerelle:connection.useEmbedded'),
      onChanged: (listener) => subscribe('passerelle:connection.changed', listener),
    },
    gateway: {
      start: () => call('passerelle:gateway.start'),
      stop: () => call('passerelle:gateway.stop'),
      restart: () => call('passerelle:gateway.restart'),
      logs: (options) => call('passerelle:gateway.logs', options),
      onLogged: (listener) => subscribe('passerelle:gateway.logged', listener),
    },
    settings: {
      get: () => call('passerelle:settings.get'),
      update: (patch) => call('passerelle:settings.update', patch),
    },
    profiles: {
      list: () => call('passerelle:profiles.list'),
      add: (profile) => call('passerelle:profiles.add', profile),
      test: (target) => call('passerelle:profiles.test', target),
      switch: (ref) => call('passerelle:profiles.switch', ref),
      remove: (ref) => call('passerelle:profiles.remove', ref),
    },
    hfToken: {
      status: () => call('passerelle:hfToken.status'),
      set: (body) => call('passerelle:hfToken.set', body),
      clear: () => call('passerelle:hfToken.clear'),
    },
    secrets: { status: () => call('passerelle:secrets.status') },
    apiKeys: {
      list: () => call('passerelle:apiKeys.list'),
      save: (body) => call('passerelle:apiKeys.save', body),
      copy: async (ref) => void (await call('passerelle:apiKeys.copy', ref)),
      remove: (ref) => call('passerelle:apiKeys.remove', ref),
    },
    shell: { openExternal: async (url) => void (await call('passerelle:shell.openExternal', { url })) },
  };
}
