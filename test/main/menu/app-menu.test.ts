import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate } from '../../../main/menu/app-menu';

const actions = () => ({ open: vi.fn(), start: vi.fn(), stop: vi.fn(), restart: vi.fn(), quit: vi.fn() });
const submenu = (menu: MenuItemConstructorOptions[], label: string) => menu.find((m) => m.label === label)!.submenu as MenuItemConstructorOptions[];
const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();

describe('application menu', () => {
  it('has a Gateway menu that starts, stops and restarts the embedded gateway', () => {
    const a = actions();
    const gateway = submenu(appMenuTemplate('linux', a), 'Gateway');
    for (const label of ['Start', 'Stop', 'Restart']) click(gateway.find((i) => i.label === label));
    expect([a.start, a.stop, a.restart].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
  });

  it('quits through the console (which drains the gateway) on Linux and Windows, and keeps the macOS app menu', () => {
    const a = actions();
    click(submenu(appMenuTemplate('linux', a), 'File').find((i) => i.label === 'Quit'));
    expect(a.quit).toHaveBeenCalledOnce();
    expect(appMenuTemplate('darwin', a)[0]).toEqual({ role: 'appMenu' });
    expect(appMenuTemplate('win32', a).some((m) => m.role === 'appMenu')).toBe(false);
  });

  it('offers the developer tools in development builds only', () => {
    const roles = (isDevelopment: boolean) => submenu(appMenuTemplate('linux', actions(), isDevelopment), 'View').map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
