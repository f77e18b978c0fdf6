import type { Clipboard, Shell } from 'electron';
import { maskSecret } from '../../gateway/logging/mask-secret';
import type { AppInfo, HfTokenStatus } from '../ipc/contract';
import type { IpcHandlers } from '../ipc/ipc-router';
import { testProfile } from '../connection/profile-tester';
import { openExternalSafely } from '../security/open-external';
import type { ConsoleServices } from './console-services';

export interface HandlerContext {
  shell: Pick<Shell, 'openExternal'>;
  clipboard: Pick<Clipboard, 'writeText'>;
  appInfo: () => AppInfo;
  /** After a switch to a profile: main reloads the page if its CSP predates that profile. */
  onAttached?: (url: string) => void;
}

/** Each contract channel mapped to one service call; the router does the checking. */
export function consoleIpcHandlers(s: ConsoleServices, ctx: HandlerContext): IpcHandlers {
  return {
    'passerelle:app.info': () => ctx.appInfo(),
    'passerelle:connection.get': () => s.connection.state(),
    'passerelle:connection.useEmbedded': () => s.connection.useEmbedded(),
    'passerelle:gateway.start': () => s.host.start(),
    'passerelle:gateway.stop': async () => (await s.host.stop(), s.host.status()),
    'passerelle:gateway.restart': () => s.host.restart(),
    'passerelle:gateway.logs': (arg) => ({ lines: s.host.logTail(arg?.limit ?? 500) }),
    'passerelle:settings.get': () => s.settings.get(),
    'passerelle:settings.update': (patch) => s.settings.update(patch),
    'passerelle:profiles.list': () => ({ profiles: s.profiles.list() }),
    'passerelle:profiles.add': (profile) => s.profiles.add(profile),
    'passerelle:profiles.test': async (target) => {
      if ('name' in target) {
        const p = s.profiles.find(target.name);
        return testProfile({ url: p.url, adminToken: (await s.profiles.adminToken(p.name)) ?? '', certificateSha256: p.certificateSha256 ?? null });
      }
      return testProfile(target);
    },
    'passerelle:profiles.switch': async ({ name }) => {
      const state = await s.connection.attach(name);
      if (state.baseUrl) ctx.onAttached?.(state.baseUrl);
      return state;
    },
    'passerelle:profiles.remove': async ({ name }) => {
      await s.connection.forget(name);
      return { profiles: s.profiles.remove(name) };
    },
    'passerelle:hfToken.status': () => hfTokenStatus(s),
    'passerelle:hfToken.set': async ({ token }) => (await s.vault.set('hfToken', token), hfTokenStatus(s)),
    'passerelle:hfToken.clear': () => (s.vault.delete('hfToken'), hfTokenStatus(s)),
    'passerelle:secrets.status': () => s.vault.storageStatus(),
    'passerelle:apiKeys.list': async () => ({ keys: await s.apiKeys.list() }),
    'passerelle:apiKeys.save': async (body) => ({ keys: await s.apiKeys.save(body) }),
    'passerelle:apiKeys.copy': async ({ name }) => {
      await ctx.clipboard.writeText(await s.apiKeys.reveal(name));
      return undefined;
    },
    'passerelle:apiKeys.remove': async ({ name }) => ({ keys: await s.apiKeys.remove(name) }),
    'passerelle:shell.openExternal': async ({ url }) => {
      await openExternalSafely(ctx.shell, url);
      return undefined;
    },
  };
}

/** Presence and a masked form only: the HF token never goes to the renderer. */
async function hfTokenStatus(s: ConsoleServices): Promise<HfTokenStatus> {
  const token = await s.vault.get('hfToken');
  const running = s.host.status().state === 'ready';
  return {
    isConfigured: token !== null,
    isPersisted: s.vault.isStored('hfToken'),
    masked: token ? maskSecret(token) : null,
    isRestartNeeded: running && token !== s.launchedHfToken,
  };
}
