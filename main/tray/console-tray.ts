import { Menu, Tray, nativeImage } from 'electron';
import type { ConnectionState } from '../ipc/contract';
import { TRAY_ICON_DATA_URL } from './tray-icon';
import { describeConnection, trayMenuTemplate, type ConsoleActions } from './tray-menu';

/** The tray icon; its tooltip and menu follow the connection state. */
export function createTray(actions: ConsoleActions, initial: ConnectionState): { update(state: ConnectionState): void; destroy(): void } {
  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
  const update = (state: ConnectionState): void => {
    tray.setToolTip(`Passerelle — ${describeConnection(state)}`);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(state, actions)));
  };
  tray.on('click', () => actions.open());
  update(initial);
  return { update, destroy: () => tray.destroy() };
}
