import { GatewayError } from '../../gateway/errors';
import type { AddProfile, Profile } from '../ipc/contract';
import type { SecretName, SecretVault } from '../secrets/secret-vault';
import type { ConsoleSettings, StoredProfile } from '../settings/console-settings';
import { isTokenSentInClear, normaliseProfileUrl } from './profile-url';

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
    // An https profile is saved with the certificate it trusts, confirmed by the operator after a test.
    if (url.startsWith('https:') && !input.certificateSha256) {
      throw new GatewayError('certificate_unconfirmed', `Test ${url} first and confirm the SHA-256 fingerprint of its certificate: an https profile is saved with the one certificate it accepts.`, {
        param: 'certificateSha256', hint: 'Compare the fingerprint the test shows with the "certificateSha256" in that gateway\'s ready line or log.',
      });
    }
    await this.vault.set(tokenName(input.name), input.adminToken);
    const stored: StoredProfile = { name: input.name, url, ...(url.startsWith('https:') ? { certificateSha256: input.certificateSha256 } : {}) };
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
    return {
      name: p.name, url: p.url, isTokenPersisted: this.vault.isStored(tokenName(p.name)),
      ...(p.certificateSha256 ? { certificateSha256: p.certificateSha256 } : {}),
      ...(isTokenSentInClear(p.url) ? { isTokenSentInClear: true } : {}),
    };
  }
}

/** Profile names may hold dots and spaces; the store's keys are dotted paths, so the name is hex-encoded. */
function tokenName(profile: string): SecretName {
  return `profile.${Buffer.from(profile, 'utf8').toString('hex')}.adminToken`;
}
