import type { MenuItemConstructorOptions } from 'electron';
import type { ConnectionState } from '../ipc/contract';

export interface ConsoleActions {
  open(): void;
  start(): void;
  stop(): void;
  restart(): void;
  quit(): void;
}

/** One line for the tray tooltip and the menu's first (disabled) item. */
export function describeConnection(state: ConnectionState): string {
  if (state.mode === 'attached') {
    return state.status === 'lost' ? `Lost: ${state.profile} (${state.baseUrl})` : `Attached: ${state.profile} (${state.baseUrl})`;
  }
  const e = state.embedded;
  switch (e.state) {
    case 'ready': return `Gateway running on 127.0.0.1:${e.port}`;
    case 'starting': return 'Gateway starting…';
    case 'restarting': return `Gateway restarting (failure ${e.consecutiveFailures})…`;
    case 'stopping': return 'Gateway stopping…';
    case 'failed': return 'Gateway failed: open the console for the reason';
    default: return 'Gateway stopped';
  }
}

/** The tray menu: the embedded gateway's state with start, stop, restart, and open. */
export function trayMenuTemplate(state: ConnectionState, actions: ConsoleActions): MenuItemConstructorOptions[] {
  const s = state.embedded.state;
  const isRunning = s === 'ready' || s === 'starting' || s === 'restarting';
  return [
    { label: describeConnection(state), enabled: false },
    { type: 'separator' },
    { label: 'Open Passerelle', click: () => actions.open() },
    { label: 'Start gateway', enabled: !isRunning && s !== 'stopping', click: () => actions.start() },
    { label: 'Stop gateway', enabled: isRunning, click: () => actions.stop() },
    { label: 'Restart gateway', enabled: s !== 'stopping', click: () => actions.restart() },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
