import { EventEmitter } from 'node:events';
import type { ErrorObject } from '../../gateway/contract/errors';
import { GatewayError } from '../../gateway/errors';
import type { ConnectionState, EmbeddedGatewayStatus } from '../ipc/contract';
import { ReportedError } from '../ipc/reported-error';
import type { GatewayHost } from '../gateway-host/gateway-host';
import type { ConsoleSettings } from '../settings/console-settings';
import type { ProfileStore } from './profile-store';
import { testProfile, type ProfileTestOptions } from './profile-tester';
import { certificateChanged, certificateChangeIn, pinnedFetch, type PinnedFetch } from './pinned-fetch';

export interface ConnectionManagerOptions {
  host: GatewayHost;
  profiles: ProfileStore;
  settings: ConsoleSettings;
  /** How often an attached gateway's /healthz is checked; two failures in a row make it lost. */
  monitorIntervalMs?: number;
  test?: ProfileTestOptions;
}

interface Attached {
  profile: string;
  url: string;
  adminToken: string;
  isLost: boolean;
  /** Consecutive failed probes: one slow answer (a GC pause, a busy host) is not a lost gateway. */
  failedProbes: number;
  error: ErrorObject | null;
  /** https: the probes accept the pinned certificate only (a swapped one makes the gateway lost). */
  pinned: PinnedFetch | null;
}

/**
 * Which gateway the renderer talks to: the embedded one (GatewayHost) or an attached remote
 * profile, tested before the switch and watched afterwards so a lost connection is reported (and
 * its return too). Emits `changed` (ConnectionState) on every change.
 */
export class ConnectionManager extends EventEmitter {
  private attached: Attached | null = null;
  private monitor: NodeJS.Timeout | null = null;
  private isChecking = false;
  private readonly monitorIntervalMs: number;

  constructor(private readonly options: ConnectionManagerOptions) {
    super();
    this.monitorIntervalMs = options.monitorIntervalMs ?? 5000;
    // Attached or not, the Connections page shows the embedded gateway's state: always pass it on.
    options.host.on('status', () => this.changed());
  }

  state(): ConnectionState {
    const embedded = this.options.host.status();
    if (this.attached) {
      const a = this.attached;
      return { mode: 'attached', status: a.isLost ? 'lost' : 'connected', baseUrl: a.url, adminToken: a.adminToken, profile: a.profile, embedded, error: a.error };
    }
    const endpoint = this.options.host.endpoint();
    return {
      mode: 'embedded',
      status: embeddedStatus(embedded),
      baseUrl: endpoint?.url ?? null,
      adminToken: endpoint?.adminToken ?? null,
      profile: null,
      embedded,
      error: embedded.state === 'ready' ? null : embedded.lastError,
    };
  }

  /** Back to the embedded gateway, started if it is not running. */
  async useEmbedded(): Promise<ConnectionState> {
    this.detach();
    this.options.settings.setActiveProfile(null);
    await this.options.host.start();
    this.changed();
    return this.state();
  }

  /** Tests the profile, then switches to it; a failed test leaves the current connection as it was. */
  async attach(name: string): Promise<ConnectionState> {
    const profile = this.options.profiles.find(name);
    const adminToken = await this.options.profiles.adminToken(name);
    if (!adminToken) {
      throw new GatewayError('profile_not_found', `The admin token of "${name}" is no longer available (it was kept for the last session only, or the keychain changed).`, {
        param: 'name', hint: 'Remove the profile and add it again with its admin token.',
      });
    }
    const result = await testProfile({ url: profile.url, adminToken, certificateSha256: profile.certificateSha256 ?? null }, this.options.test);
    if (!result.ok) throw new ReportedError(result.error!);
    this.detach();
    const pinned = profile.url.startsWith('https:') && !this.options.test?.fetch ? pinnedFetch(profile.certificateSha256 ?? null) : null;
    this.attached = { profile: name, url: profile.url, adminToken, isLost: false, failedProbes: 0, error: null, pinned };
    this.options.settings.setActiveProfile(name);
    this.monitor = setInterval(() => void this.check(), this.monitorIntervalMs);
    this.monitor.unref();
    this.changed();
    return this.state();
  }

  /** Leaves an attached profile that is being removed. */
  async forget(name: string): Promise<void> {
    if (this.attached?.profile === name) await this.useEmbedded();
  }

  close(): void {
    this.detach();
  }

  private async check(): Promise<void> {
    const a = this.attached;
    if (!a || this.isChecking) return; // a hung gateway must not pile up probes
    this.isChecking = true;
    const error = await this.probe(a).finally(() => (this.isChecking = false));
    if (this.attached !== a) return;
    a.failedProbes = error ? a.failedProbes + 1 : 0;
    const isLost = a.failedProbes >= LOST_AFTER_FAILED_PROBES;
    if (isLost === a.isLost) return;
    a.isLost = isLost;
    a.error = isLost ? error : null;
    this.changed();
  }

  private async probe(a: Attached): Promise<ErrorObject | null> {
    const url = a.url;
    let error: ErrorObject | null = null;
    try {
      const res = await (a.pinned?.fetch ?? this.options.test?.fetch ?? fetch)(`${url}/healthz`, { signal: AbortSignal.timeout(Math.min(3000, this.monitorIntervalMs)) });
      if (!res.ok) error = lost(url, `/healthz answered ${res.status}`);
      await res.body?.cancel();
    } catch (err) {
      const change = certificateChangeIn(err);
      error = change ? certificateChanged(url, change).toErrorObject() : lost(url, (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
    }
    return error;
  }

  private detach(): void {
    if (this.monitor) clearInterval(this.monitor);
    this.monitor = null;
    void this.attached?.pinned?.close();
    this.attached = null;
  }

  private changed(): void {
    this.emit('changed', this.state());
  }
}

const LOST_AFTER_FAILED_PROBES = 2;

function embeddedStatus(s: EmbeddedGatewayStatus): ConnectionState['status'] {
  if (s.state === 'ready') return 'connected';
  if (s.state === 'starting' || s.state === 'restarting') return 'connecting';
  return 'down';
}

function lost(url: string, why: string): ErrorObject {
  return new GatewayError('connection_lost', `Lost the connection to ${url} (${why}).`, {
    hint: 'The console keeps checking and reconnects when it answers; meanwhile check that gateway and the network, or switch to another profile.',
  }).toErrorObject();
}
