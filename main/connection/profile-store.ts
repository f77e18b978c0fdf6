import { GatewayError } from '../../gateway/errors';
import type { AddProfile, Profile } from '../ipc/contract';
import type { SecretName, SecretVault } from '../secrets/secret-vault';
import type { ConsoleSettings, StoredProfile } from '../settings/console-settings';
import { normaliseProfileUrl } from './profile-url';

/** Named remote gateways: name and URL in the settings, the admin token in the keychain. */
export class ProfileStore {
  constructor(private readonly settings: ConsoleSettings, private readonly vault: SecretVault) {}

  list(): Profile[] {
    return this.settings.profiles().map((p) => this.describe(p));
  }

  find(name: string): StoredProfile {
    const profile = this.settings.profiles().find((p) => p.name === name);
    if (!profile) throw new GatewayError('profile_not_found', `There is no remote profile named "${name}".`, { param: 'name', hint: 'Pick one from the Connections page, or add it first.' });
    return profile;
  }

  async add(input: AddProfile): Promise<Profile> {
    const url = normaliseProfileUrl(input.url);
    const profiles = this.settings.profiles();
    if (profiles.some((p) => p.name === input.name)) {
      throw new GatewayError('profile_exists', `A remote profile named "${input.name}" already exists.`, { param: 'name', hint: 'Choose another name, or remove the old profile first.' });
    }
    await this.vault.set(tokenName(input.name), input.adminToken);
    const stored = { name: input.name, url };
    this.settings.saveProfiles([...profiles, stored]);
    return this.describe(stored);
  }

  remove(name: string): Profile[] {
    this.find(name);
    this.vault.delete(tokenName(name));
    this.settings.saveProfiles(this.settings.profiles().filter((p) => p.name !== name));
    return this.list();
  }

  /** The profile's admin token, decrypted here in main; null when the keychain lost it. */
  adminToken(name: string): Promise<string | null> {
    return this.vault.get(tokenName(name));
  }

  private describe(p: StoredProfile): Profile {
    return { name: p.name, url: p.url, isTokenPersisted: this.vault.isStored(tokenName(p.name)) };
  }
}

/** Profile names may hold dots and spaces; the store's keys are dotted paths, so the name is hex-encoded. */
function tokenName(profile: string): SecretName {
  return `profile.${Buffer.from(profile, 'utf8').toString('hex')}.adminToken`;
}
