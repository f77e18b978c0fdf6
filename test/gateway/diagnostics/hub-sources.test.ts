import { describe, expect, it } from 'vitest';
import { hubSources, type HubView } from '../../../gateway/diagnostics/hub-sources';
import { GatewayError } from '../../../gateway/errors';
import type { ModelEntry } from '../../../gateway/contract/models';
import { EventLog } from '../../../gateway/events/event-log';

function entry(key: string, download: Partial<ModelEntry['download']>, cache: ModelEntry['cache']['state'] = 'partial'): ModelEntry {
  return {
    key, cache: { state: cache, bytes: 0 },
    download: { state: 'idle', receivedBytes: 0, totalBytes: 0, bytesPerSecond: 0, etaSeconds: null, files: [], ...download },
  } as unknown as ModelEntry;
}

function hub(token: string | null, user: string | null, whoami: HubView['metadata']['whoami'], entries: ModelEntry[] = []): HubView {
  return { token: { current: () => token, status: async () => ({ configured: token !== null, user }) }, metadata: { whoami }, list: () => entries };
}

const never = (): Promise<{ user: string }> => Promise.reject(new Error('not called'));

describe('diagnostics sources from the model hub', () => {
  it('token: not configured, valid (remembered or asked), refused, or unreachable', async () => {
    expect(await hubSources(hub(null, null, never)).hfToken!()).toEqual({ configured: false, valid: null });
    expect(await hubSources(hub('hf_x', 'ops', never)).hfToken!()).toEqual({ configured: true, valid: true, user: 'ops' });
    expect(await hubSources(hub('hf_x', null, async () => ({ user: 'ops' }))).hfToken!()).toEqual({ configured: true, valid: true, user: 'ops' });
    const refused = await hubSources(hub('hf_x', null, () => Promise.reject(new GatewayError('hf_token_invalid', 'The hub refused this token (401).')))).hfToken!();
    expect(refused).toMatchObject({ configured: true, valid: false, error: 'The hub refused this token (401).' });
    const offline = await hubSources(hub('hf_x', null, () => Promise.reject(new GatewayError('hub_unreachable', 'Cannot reach https://huggingface.co.')))).hfToken!();
    expect(offline).toMatchObject({ configured: true, valid: null });
  });

  it('downloads and cache states per model', async () => {
    const entries = [
      entry('pyannote', { state: 'failed', error: { message: 'Access to pyannote/segmentation-3.0 is restricted.', type: 'permission_error', param: null, code: 'gated_repo' } }),
      entry('canary', { state: 'running', receivedBytes: 100 }, 'complete'),
    ];
    const events = new EventLog({ dir: null });
    events.append({ time: new Date(Date.now() - 90_000).toISOString(), level: 'info', kind: 'download.started', model: 'canary', message: 'Downloading canary.' });
    const s = hubSources(hub(null, null, never, entries), events);
    const [pyannote, canary] = await s.downloads!();
    expect(pyannote).toEqual({ model: 'pyannote', state: 'failed', receivedBytes: 0, runningSeconds: undefined, errorCode: 'gated_repo', errorMessage: 'Access to pyannote/segmentation-3.0 is restricted.' });
    expect(canary).toMatchObject({ model: 'canary', state: 'running', receivedBytes: 100 });
    expect(canary!.runningSeconds).toBeGreaterThanOrEqual(89);
    expect(canary!.runningSeconds).toBeLessThan(120);
    expect(await s.modelCache!('pyannote')).toEqual({ state: 'partial' });
    expect(await s.modelCache!('nope')).toBeNull();
  });
});
