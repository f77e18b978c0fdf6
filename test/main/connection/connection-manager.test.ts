import { describe, expect, it } from 'vitest';
import { ReportedError } from '../../../main/ipc/reported-error';
import { startTestGateway } from '../../helpers/in-process-gateway';
import { spawnGateway } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/temp-dir';
import { connectionSetup, nextState } from './connection-fixture';

const setup = connectionSetup;
const next = nextState;

describe('ConnectionManager attach mode', () => {
  it('switches to a live profile after testing it, remembers it, and reports a lost connection', async () => {
    const gw = await startTestGateway({ ALLOWED_ORIGINS: 'app://passerelle' });
    const { manager, profiles, settings } = await setup();
    await profiles.add({ name: 'dgx lab.1', url: gw.url, adminToken: gw.token });
    const state = await manager.attach('dgx lab.1');
    expect(state).toMatchObject({ mode: 'attached', status: 'connected', baseUrl: gw.url, adminToken: gw.token, profile: 'dgx lab.1', error: null });
    expect(settings.activeProfile()).toBe('dgx lab.1');

    const lost = next(manager, (s) => s.status === 'lost');
    await gw.stop();
    const s = await lost;
    expect(s.error?.code).toBe('connection_lost');
    expect(s.error?.message).toContain(gw.url);
    manager.close();
  });

  it('reports a gateway that stops answering as lost, and connected again when it answers', async () => {
    const token = 'pat_attach-test-token-0123456789';
    const gw = await spawnGateway({ ALLOWED_ORIGINS: 'app://passerelle', ADMIN_TOKEN: token, MODEL_CACHE_DIR: tempDir('passerelle-conn-gw-') });
    try {
      const { manager, profiles } = await setup();
      await profiles.add({ name: 'dgx', url: gw.ready.url, adminToken: token });
      await manager.attach('dgx');
      const lost = next(manager, (s) => s.status === 'lost');
      process.kill(gw.child.pid!, 'SIGSTOP'); // hung: the port accepts, nothing answers
      expect((await lost).error?.message).toMatch(/Lost the connection to http:\/\/127\.0\.0\.1:\d+/);
      const back = next(manager, (s) => s.status === 'connected');
      process.kill(gw.child.pid!, 'SIGCONT');
      expect((await back).error).toBeNull();
      manager.close();
    } finally {
      gw.child.kill('SIGKILL');
    }
  });

  it('refuses to switch to a wrong-token profile and stays where it was', async () => {
    const gw = await startTestGateway({ ALLOWED_ORIGINS: 'app://passerelle' });
    const { manager, profiles, settings } = await setup();
    await profiles.add({ name: 'wrong', url: gw.url, adminToken: 'pat_not-the-right-token-000000' });
    const err = await manager.attach('wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportedError);
    expect((err as ReportedError).body.code).toBe('invalid_admin_token');
    expect(manager.state().mode).toBe('embedded');
    expect(settings.activeProfile()).toBeNull();
  });

  it('refuses a dead profile with the reason', async () => {
    const { manager, profiles } = await setup();
    await profiles.add({ name: 'dead', url: 'http://127.0.0.1:9', adminToken: 'pat_some-admin-token-0000000000' });
    const err = await manager.attach('dead').catch((e: unknown) => e) as ReportedError;
    expect(err.body.code).toBe('profile_unreachable');
  });

  it('keeps profile tokens out of the profile list and refuses duplicates and unknown names', async () => {
    const { profiles, manager } = await setup();
    const pin = Array.from({ length: 32 }, () => 'AB').join(':');
    const p = await profiles.add({ name: 'a', url: 'https://gw.example.com/', adminToken: 'pat_secret-secret-secret-0000', certificateSha256: pin });
    expect(p).toEqual({ name: 'a', url: 'https://gw.example.com', isTokenPersisted: true, certificateSha256: pin });
    expect(JSON.stringify(profiles.list())).not.toContain('pat_secret');
    await expect(profiles.add({ name: 'a', url: 'https://gw.example.com', adminToken: 'pat_secret-secret-secret-0000', certificateSha256: pin })).rejects.toMatchObject({ code: 'profile_exists' });
    await expect(manager.attach('nope')).rejects.toMatchObject({ code: 'profile_not_found' });
    expect(profiles.remove('a')).toEqual([]);
    expect(await profiles.adminToken('a')).toBeNull();
  });
});
