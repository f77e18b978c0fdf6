import { ConnectionManager } from '../connection/connection-manager';
import { ProfileStore } from '../connection/profile-store';
import { GatewayHost } from '../gateway-host/gateway-host';
import type { ForkGateway } from '../gateway-host/hosted-process';
import type { SecretCipher } from '../secrets/cipher';
import type { KeyValueStore } from '../secrets/key-value-store';
import { SecretVault } from '../secrets/secret-vault';
import { SavedApiKeys } from '../secrets/saved-api-keys';
import { ConsoleSettings } from '../settings/console-settings';
import { gatewayEnv } from './gateway-env';

export interface ConsoleServicesInput {
  store: KeyValueStore;
  cipher: SecretCipher;
  fork: ForkGateway;
  cliPath: string;
  rendererDir: string;
  baseEnv?: NodeJS.ProcessEnv;
}

/** Everything main runs, built from the Electron adapters (or test doubles); no Electron import here. */
export class ConsoleServices {
  readonly settings: ConsoleSettings;
  readonly vault: SecretVault;
  readonly profiles: ProfileStore;
  readonly apiKeys: SavedApiKeys;
  readonly host: GatewayHost;
  readonly connection: ConnectionManager;
  /** The HF token the running embedded gateway was started with, to tell when a restart is due. */
  launchedHfToken: string | null = null;

  constructor(input: ConsoleServicesInput) {
    this.settings = new ConsoleSettings(input.store);
    this.vault = new SecretVault(input.store, input.cipher);
    this.profiles = new ProfileStore(this.settings, this.vault);
    this.apiKeys = new SavedApiKeys(input.store, this.vault);
    this.host = new GatewayHost({
      fork: input.fork,
      cliPath: input.cliPath,
      env: async () => {
        const hfToken = await this.vault.get('hfToken');
        this.launchedHfToken = hfToken;
        return gatewayEnv({ base: input.baseEnv ?? process.env, cacheDir: this.settings.get().cacheDir, hfToken, rendererDir: input.rendererDir });
      },
    });
    this.connection = new ConnectionManager({ host: this.host, profiles: this.profiles, settings: this.settings });
  }

  /** After `ready`: ask the keychain, then attach to the last profile or start the embedded gateway. */
  async open(): Promise<void> {
    await this.vault.init();
    const last = this.settings.activeProfile();
    if (last) {
      try {
        await this.connection.attach(last);
        return;
      } catch {
        // The last profile is gone or down: fall back to the embedded gateway, which always exists.
      }
    }
    if (this.settings.get().autoStart) await this.connection.useEmbedded();
  }

  /** On quit: stop watching and drain the embedded gateway. */
  async shutdown(): Promise<void> {
    this.connection.close();
    await this.host.stop();
  }
}
