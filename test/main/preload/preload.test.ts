import { describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../../main/ipc/contract';

// The real `electron` module cannot load in Node: a fake that records what the preload does.
const exposed = vi.hoisted(() => ({ calls: [] as Array<[string, unknown]>, invoked: [] as string[] }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push([key, api]) },
  ipcRenderer: {
    invoke: async (channel: string) => {
      exposed.invoked.push(channel);
      return { ok: true, value: undefined };
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

function leaves(api: unknown, prefix = ''): Array<[string, unknown]> {
  return Object.entries(api as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
}

describe('preload', () => {
  it('exposes window.passerelle with one function per channel and nothing generic', async () => {
    await import('../../../main/preload/index');
    expect(exposed.calls).toHaveLength(1);
    const [key, api] = exposed.calls[0]!;
    expect(key).toBe('passerelle');
    const names = leaves(api).map(([n, v]) => {
      expect(typeof v).toBe('function');
      return n;
    });
    expect(names.some((n) => /invoke|send|ipc/i.test(n))).toBe(false);
    const invokers = names.filter((n) => !/^.*\.on[A-Z]/.test(n));
    expect(invokers.sort()).toEqual(Object.keys(invokeChannels).map((c) => c.replace('passerelle:', '')).sort());
    for (const [name, fn] of leaves(api)) if (!/\.on[A-Z]/.test(name)) await (fn as (a?: unknown) => Promise<unknown>)(name === 'shell.openExternal' ? 'https://x' : undefined);
    expect(exposed.invoked.sort()).toEqual(Object.keys(invokeChannels).sort());
  });
});
