import { describe, expect, it, vi } from 'vitest';
import type { ConnectionState, EmbeddedGatewayStatus } from '../../../main/ipc/contract';
import { describeConnection, trayMenuTemplate } from '../../../main/tray/tray-menu';

function state(embedded: Partial<EmbeddedGatewayStatus>, over: Partial<ConnectionState> = {}): ConnectionState {
  return {
    mode: 'embedded', status: 'down', baseUrl: null, adminToken: null, profile: null, error: null,
    embedded: { state: 'stopped', pid: null, port: null, consecutiveFailures: 0, nextRestartAt: null, lastError: null, cacheDir: null, ...embedded },
    ...over,
  };
}

const actions = () => ({ open: vi.fn(), start: vi.fn(), stop: vi.fn(), restart: vi.fn(), quit: vi.fn() });
const enabled = (s: ConnectionState) => Object.fromEntries(trayMenuTemplate(s, actions()).filter((i) => i.label).map((i) => [i.label, i.enabled !== false]));

describe('tray', () => {
  it('shows the gateway state', () => {
    expect(describeConnection(state({ state: 'ready', port: 41234 }))).toBe('Gateway running on 127.0.0.1:41234');
    expect(describeConnection(state({ state: 'restarting', consecutiveFailures: 2 }))).toBe('Gateway restarting (failure 2)…');
    expect(describeConnection(state({ state: 'failed' }))).toMatch(/failed/);
    expect(describeConnection(state({}, { mode: 'attached', status: 'lost', profile: 'dgx', baseUrl: 'https://dgx' }))).toBe('Lost: dgx (https://dgx)');
  });

  it('offers start when stopped or failed, stop and restart when running', () => {
    expect(enabled(state({ state: 'stopped' }))).toMatchObject({ 'Start gateway': true, 'Stop gateway': false, 'Open Passerelle': true, Quit: true });
    expect(enabled(state({ state: 'failed' }))).toMatchObject({ 'Start gateway': true, 'Stop gateway': false });
    expect(enabled(state({ state: 'ready', port: 1 }))).toMatchObject({ 'Start gateway': false, 'Stop gateway': true, 'Restart gateway': true });
    expect(enabled(state({ state: 'stopping' }))).toMatchObject({ 'Start gateway': false, 'Restart gateway': false });
  });

  it('runs the action of the item clicked', () => {
    const a = actions();
    const items = trayMenuTemplate(state({ state: 'ready' }), a);
    (items.find((i) => i.label === 'Restart gateway')!.click as () => void)();
    (items.find((i) => i.label === 'Open Passerelle')!.click as () => void)();
    expect(a.restart).toHaveBeenCalledOnce();
    expect(a.open).toHaveBeenCalledOnce();
    expect(a.stop).not.toHaveBeenCalled();
  });
});
