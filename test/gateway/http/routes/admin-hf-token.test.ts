import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorBody } from '../../../../gateway/contract/errors';
import type { HfTokenStatus } from '../../../../gateway/contract/hub';
import type { EventsResponse } from '../../../../gateway/contract/events';
import { startTestGateway } from '../../../helpers/in-process-gateway';
import { untilSettled } from './download-settled';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { presetRepos } from '../../../fixtures/hub/preset-repos';

const GOOD = 'hf_testAliceHasAcceptedPyannote0001';
const NO_ACCESS = 'hf_testBobNeverAcceptedAnything0002';
const UNKNOWN = 'hf_testRevokedTokenXYZ0003';

describe('HF token and gated repos', async () => {
  const hub = await startTestHub({
    repos: presetRepos(),
    tokens: { [GOOD]: { user: 'alice', role: 'read', access: ['pyannote/speaker-diarization-3.1'] }, [NO_ACCESS]: { user: 'bob', role: 'write' } },
  });
  const gw = await startTestGateway({ HF_ENDPOINT: hub.url });
  const bodies: string[] = [];
  const call = async (path: string, init?: RequestInit): Promise<{ status: number; body: unknown }> => {
    const res = await gw.admin(path, init);
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, body: JSON.parse(text) };
  };
  const put = (token: string) => call('/api/admin/hf-token', { method: 'PUT', body: JSON.stringify({ token }) });

  it('preflight reports the gated access before anything is downloaded', async () => {
    const res = await call('/api/admin/models/pyannote/preflight');
    expect(res.status).toBe(200);
    expect((res.body as { access: unknown }).access).toMatchObject({ state: 'gated', gated: true, repo: 'pyannote/speaker-diarization-3.1', modelPage: `${hub.url}/pyannote/speaker-diarization-3.1` });
    expect(hub.requests.some((r) => r.path.startsWith('/cdn/'))).toBe(false);
  });

  it('no token: a gated repo fails with gated_repo, a message linking the model page and the fix', async () => {
    expect((await call('/api/admin/hf-token')).body).toEqual({ configured: false, source: null, user: null, role: null, masked: null });
    await call('/api/admin/models/pyannote/download', { method: 'POST' });
    const entry = await untilSettled(gw, 'pyannote');
    bodies.push(JSON.stringify(entry));
    expect(entry.download.state).toBe('failed');
    expect(entry.download.error?.code).toBe('gated_repo');
    expect(entry.download.error?.message).toContain(`${hub.url}/pyannote/speaker-diarization-3.1`);
    expect(entry.download.error?.message).toMatch(/accept its conditions/);
    expect(entry.download.error?.hint).toMatch(/hf-token|HUGGINGFACE_TOKEN/);
    const events = (await call('/api/admin/events?kind=download.failed')).body as EventsResponse;
    expect(events.events.at(-1)).toMatchObject({ model: 'pyannote', level: 'error', data: { code: 'gated_repo' } });
  });

  it('refuses tokens with a line break, over 1 KB, or that the hub rejects; saves nothing', async () => {
    for (const bad of [`${GOOD}\n`, `${GOOD}\r\nX-Evil: 1`, `hf_${'a'.repeat(1100)}`, 'not-a-token']) {
      const res = await put(bad);
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).error.code).toBe('hf_token_invalid');
    }
    const rejected = await put(UNKNOWN);
    expect(rejected.status).toBe(400);
    expect((rejected.body as ErrorBody).error.code).toBe('hf_token_invalid');
    expect(existsSync(join(gw.cacheDir, '.hf_token'))).toBe(false);
  });

  it('a token without access to the gated repo: gated_repo, said as such', async () => {
    expect((await put(NO_ACCESS)).status).toBe(200);
    await call('/api/admin/models/pyannote/download', { method: 'POST' });
    const entry = await untilSettled(gw, 'pyannote');
    expect(entry.download.error?.code).toBe('gated_repo');
    expect(entry.download.error?.message).toMatch(/configured token has no access/);
  });

  it('saves a valid token (whoami) in MODEL_CACHE_DIR/.hf_token, mode 0600, shown masked with account and role', async () => {
    const res = await put(GOOD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ configured: true, source: 'file', user: 'alice', role: 'read', masked: 'hf_…0001' } satisfies HfTokenStatus);
    const file = join(gw.cacheDir, '.hf_token');
    expect(readFileSync(file, 'utf8')).toBe(GOOD);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await call('/api/admin/hf-token')).body).toMatchObject({ configured: true, user: 'alice', masked: 'hf_…0001' });
  });

  it('with the token, the gated model downloads completely', async () => {
    expect(((await call('/api/admin/models/pyannote/preflight')).body as { access: unknown }).access).toMatchObject({ state: 'ok', gated: true });
    await call('/api/admin/models/pyannote/download', { method: 'POST' });
    const entry = await untilSettled(gw, 'pyannote');
    bodies.push(JSON.stringify(entry));
    expect(entry.download.state).toBe('done');
    expect(entry.cache.state).toBe('complete');
    expect(hub.requests.some((r) => r.path.includes('speaker-diarization-3.1/resolve') && r.hasToken)).toBe(true);
  });

  it('DELETE removes the saved token', async () => {
    const res = await call('/api/admin/hf-token', { method: 'DELETE' });
    expect(res.body).toMatchObject({ configured: false });
    expect(existsSync(join(gw.cacheDir, '.hf_token'))).toBe(false);
  });

  it('the token never appears in the logs or in any response', async () => {
    bodies.push(JSON.stringify((await call('/api/admin/models')).body), JSON.stringify((await call('/api/admin/events')).body));
    for (const secret of [GOOD, NO_ACCESS, UNKNOWN]) {
      expect(gw.logs.text).not.toContain(secret);
      for (const body of bodies) expect(body).not.toContain(secret);
    }
    expect(readFileSync(join(gw.deps.config.stateDir, 'events.jsonl'), 'utf8')).not.toContain(GOOD);
  });
});
