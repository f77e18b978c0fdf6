import { describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../../../gateway/errors';
import { invokeChannels, type EmbeddedGatewayStatus } from '../../../main/ipc/contract';
import { registerIpcHandlers, type IpcHandlers } from '../../../main/ipc/ipc-router';
import { createBridge } from '../../../main/preload/bridge';
import { fakeIpc } from './fake-ipc';

const stopped: EmbeddedGatewayStatus = { state: 'stopped', pid: null, port: null, consecutiveFailures: 0, nextRestartAt: null, lastError: null, cacheDir: null };

/** Handlers that record their calls; every channel must have one (the type says so too). */
function recordingHandlers() {
  const seen: Array<[string, unknown]> = [];
  const h = (channel: string, value: unknown) => (arg: unknown) => {
    seen.push([channel, arg]);
    return value;
  };
  const handlers = {
    'passerelle:app.info': h('app.info', { version: '0.1.0', electron: '45.5.0', platform: 'linux', userDataDir: '/tmp/x' }),
    'passerelle:connection.get': h('connection.get', { mode: 'embedded', status: 'down', baseUrl: null, adminToken: null, profile: null, embedded: stopped, error: null }),
    'passerelle:connection.useEmbedded': h('connection.useEmbedded', { mode: 'embedded', status: 'connecting', baseUrl: null, adminToken: null, profile: null, embedded: stopped, error: null }),
    'passerelle:gateway.start': h('gateway.start', stopped),
    'passerelle:gateway.stop': h('gateway.stop', stopped),
    'passerelle:gateway.restart': h('gateway.restart', stopped),
    'passerelle:gateway.logs': h('gateway.logs', { lines: [] }),
    'passerelle:settings.get': h('settings.get', { cacheDir: null, autoStart: true }),
    'passerelle:settings.update': h('settings.update', { cacheDir: '/data/models', autoStart: true }),
    'passerelle:profiles.list': h('profiles.list', { profiles: [] }),
    'passerelle:profiles.add': h('profiles.add', { name: 'a', url: 'https://a', isTokenPersisted: true }),
    'passerelle:profiles.test': h('profiles.test', { ok: true, version: '0.1.0', latencyMs: 3, error: null }),
    'passerelle:profiles.switch': () => { throw new GatewayError('profile_not_found', 'There is no remote profile named "x".', { param: 'name' }); },
    'passerelle:profiles.remove': h('profiles.remove', { profiles: [] }),
    'passerelle:hfToken.status': h('hfToken.status', { isConfigured: false, isPersisted: false, masked: null, isRestartNeeded: false }),
    'passerelle:hfToken.set': h('hfToken.set', { isConfigured: true, isPersisted: true, masked: 'hf_…abcd', isRestartNeeded: true }),
    'passerelle:hfToken.clear': h('hfToken.clear', { isConfigured: false, isPersisted: false, masked: null, isRestartNeeded: false }),
    'passerelle:secrets.status': () => ({ isPersistent: 'yes' }), // breaks the contract on purpose
    'passerelle:shell.openExternal': h('shell.openExternal', undefined),
    'passerelle:apiKeys.list': h('apiKeys.list', { keys: [] }),
    'passerelle:apiKeys.save': h('apiKeys.save', { keys: [{ name: 'a', masked: 'psk_…abcd', isPersisted: true }] }),
    'passerelle:apiKeys.copy': h('apiKeys.copy', undefined),
    'passerelle:apiKeys.remove': h('apiKeys.remove', { keys: [] }),
  } as unknown as IpcHandlers;
  return { handlers, seen };
}

function setup(frame?: Parameters<typeof fakeIpc>[0]) {
  const ipc = fakeIpc(frame);
  const { handlers, seen } = recordingHandlers();
  const onError = vi.fn();
  registerIpcHandlers(ipc.main, handlers, { onError });
  return { ipc, seen, onError, bridge: createBridge(ipc.renderer) };
}

describe('IPC router and preload bridge', () => {
  it('answers the console page through the bridge, one channel per function', async () => {
    const { bridge, ipc, seen } = setup();
    expect(await bridge.settings.update({ cacheDir: '/data/models' })).toEqual({ cacheDir: '/data/models', autoStart: true });
    await bridge.shell.openExternal('https://huggingface.co/pyannote');
    expect(seen).toEqual([['settings.update', { cacheDir: '/data/models' }], ['shell.openExternal', { url: 'https://huggingface.co/pyannote' }]]);
    expect(ipc.calls).toEqual(['passerelle:settings.update', 'passerelle:shell.openExternal']);
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it.each([
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a subframe of our page', { url: 'app://passerelle/frame.html', parent: {} }],
    ['the gateway-served dashboard', { url: 'http://127.0.0.1:8000/', parent: null }],
    ['no frame (navigated away)', null],
  ])('rejects a call from %s with forbidden_sender and does not run the handler', async (_name, frame) => {
    const { bridge, seen, onError } = setup(frame);
    await expect(bridge.settings.get()).rejects.toEqual({ error: expect.objectContaining({ code: 'forbidden_sender', type: 'permission_error', param: null }) });
    expect(seen).toEqual([]);
    expect(onError).toHaveBeenCalledOnce();
  });

  it('rejects a malformed argument with invalid_request naming the field', async () => {
    const { bridge, seen } = setup();
    const err = await bridge.profiles.add({ name: 'x', url: 'https://a', adminToken: 'short' }).catch((e: unknown) => e);
    expect(err).toEqual({ error: expect.objectContaining({ code: 'invalid_request', param: 'adminToken' }) });
    await expect(bridge.settings.update({ cacheDir: 'models' })).rejects.toEqual({ error: expect.objectContaining({ code: 'invalid_request', param: 'cacheDir', message: expect.stringContaining('absolute path') }) });
    // Extra fields and extra arguments are refused too: the contract is strict.
    await expect(bridge.settings.update({ cacheDir: '/x', evil: true } as never)).rejects.toMatchObject({ error: { code: 'invalid_request' } });
    await expect(setup().ipc.renderer.invoke('passerelle:gateway.start', 1, 2)).resolves.toMatchObject({ ok: false, error: { error: { code: 'invalid_request' } } });
    expect(seen).toEqual([]);
  });

  it('turns a handler failure into the gateway ErrorBody shape', async () => {
    const { bridge } = setup();
    await expect(bridge.profiles.switch({ name: 'x' })).rejects.toEqual({
      error: { message: 'There is no remote profile named "x".', type: 'invalid_request_error', param: 'name', code: 'profile_not_found' },
    });
  });

  it('refuses to send a result that breaks the contract, as an internal error', async () => {
    const { bridge, onError } = setup();
    await expect(bridge.secrets.status()).rejects.toMatchObject({ error: { code: 'internal' } });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('delivers main events without the Electron event, and unsubscribes', async () => {
    const { bridge, ipc } = setup();
    const got: unknown[] = [];
    const off = bridge.gateway.onLogged((line) => got.push(line));
    const line = { seq: 0, time: '2026-01-01T00:00:00.000Z', stream: 'host', text: 'ready' };
    ipc.send('passerelle:gateway.logged', line);
    off();
    ipc.send('passerelle:gateway.logged', line);
    expect(got).toEqual([line]);
    expect(ipc.listenerCount('passerelle:gateway.logged')).toBe(0);
  });
});
