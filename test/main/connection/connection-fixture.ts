import { ConnectionManager } from '../../../main/connection/connection-manager';
import { ProfileStore } from '../../../main/connection/profile-store';
import { GatewayHost } from '../../../main/gateway-host/gateway-host';
import { nodeFork } from '../../../main/gateway-host/node-fork';
import type { ConnectionState } from '../../../main/ipc/contract';
import { SecretVault } from '../../../main/secrets/secret-vault';
import { ConsoleSettings } from '../../../main/settings/console-settings';
import { tempDir } from '../../helpers/temp-dir';
import { confStore, fakeKeychainCipher } from '../secrets/fake-keychain';

/** A connection manager over real settings and vault files; the embedded host is never started. */
export async function connectionSetup() {
  const store = confStore(tempDir('passerelle-conn-'));
  const vault = new SecretVault(store, fakeKeychainCipher());
  await vault.init();
  const settings = new ConsoleSettings(store);
  const profiles = new ProfileStore(settings, vault);
  const host = new GatewayHost({ fork: nodeFork, cliPath: '/nonexistent/cli.js', env: async () => ({}) });
  const manager = new ConnectionManager({ host, profiles, settings, monitorIntervalMs: 100 });
  return { manager, profiles, settings, vault, store };
}

/** The next `changed` state that matches. */
export function nextState(manager: ConnectionManager, match: (s: ConnectionState) => boolean): Promise<ConnectionState> {
  return new Promise((resolve) => {
    const l = (s: ConnectionState): void => {
      if (match(s)) {
        manager.off('changed', l);
        resolve(s);
      }
    };
    manager.on('changed', l);
  });
}
