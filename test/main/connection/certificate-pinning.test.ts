import { afterAll, describe, expect, it } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { testProfile } from '../../../main/connection/profile-tester';
import { certificateVerdict, pinsByHost, VERIFY } from '../../../main/connection/certificate-verify-proc';
import { loadTlsCredentials } from '../../../gateway/http/tls-credentials';
import { ReportedError } from '../../../main/ipc/reported-error';
import { startTestGateway } from '../../helpers/in-process-gateway';
import { tempDir } from '../../helpers/temp-dir';
import { connectionSetup, nextState } from './connection-fixture';

const ADMIN = 'pat_pinning-test-admin-token-000001';

/**
 * One address in front of two gateways: what a swapped certificate looks like from the console
 * (an attacker on the path, or a reinstalled host). `swap()` sends new connections to the other.
 */
async function switchableAddress(a: number, b: number): Promise<{ url: string; swap(): void; close(): Promise<void> }> {
  let target = a;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    swap: () => {
      target = target === a ? b : a;
      for (const s of sockets) s.destroy(); // kept-alive connections would hide the swap
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Two gateways with different self-signed certificates, and the same admin token. */
async function twoGateways() {
  const env = { TLS: 'self-signed', ADMIN_TOKEN: ADMIN, ALLOWED_ORIGINS: 'app://passerelle' };
  const genuine = await startTestGateway({ ...env, STATE_DIR: tempDir('passerelle-state-') });
  const impostor = await startTestGateway({ ...env, STATE_DIR: tempDir('passerelle-state-') });
  const address = await switchableAddress(genuine.port, impostor.port);
  afterAll(() => address.close());
  return { genuine, impostor, address };
}

const adminCalls = (logs: string[]) => logs.filter((l) => l.includes('/api/admin/keys')).length;

describe('remote profiles pin the gateway\'s certificate (TLS=self-signed gateways)', async () => {
  const { genuine, impostor, address } = await twoGateways();

  it('first use: shows the fingerprint for the operator to compare and sends no token until it is confirmed', async () => {
    const before = adminCalls(genuine.logs.lines);
    const first = await testProfile({ url: address.url, adminToken: ADMIN });
    expect(first).toMatchObject({ ok: false, certificateSha256: genuine.tls!.fingerprint256, error: { code: 'certificate_unconfirmed' } });
    expect(first.error!.message).toContain(genuine.tls!.fingerprint256);
    expect(adminCalls(genuine.logs.lines)).toBe(before);

    const confirmed = await testProfile({ url: address.url, adminToken: ADMIN, certificateSha256: first.certificateSha256 });
    expect(confirmed).toMatchObject({ ok: true, error: null, certificateSha256: genuine.tls!.fingerprint256 });
  });

  it('an https profile is saved only with a confirmed fingerprint, which the profile list shows', async () => {
    const { profiles } = await connectionSetup();
    await expect(profiles.add({ name: 'lab', url: address.url, adminToken: ADMIN })).rejects.toMatchObject({ code: 'certificate_unconfirmed' });
    const saved = await profiles.add({ name: 'lab', url: address.url, adminToken: ADMIN, certificateSha256: genuine.tls!.fingerprint256 });
    expect(saved.certificateSha256).toBe(genuine.tls!.fingerprint256);
    expect(saved.isTokenSentInClear).toBeUndefined();
  });

  it('refuses a swapped certificate: the attached profile turns lost with the warning, and switching to it again is refused', async () => {
    const { manager, profiles } = await connectionSetup();
    await profiles.add({ name: 'lab', url: address.url, adminToken: ADMIN, certificateSha256: genuine.tls!.fingerprint256 });
    expect(await manager.attach('lab')).toMatchObject({ status: 'connected', baseUrl: address.url });

    const impostorCalls = impostor.logs.lines.length;
    const lost = nextState(manager, (s) => s.status === 'lost');
    address.swap();
    try {
      const s = await lost;
      expect(s.error).toMatchObject({ code: 'certificate_changed' });
      expect(s.error!.message).toContain(`pinned SHA-256 ${genuine.tls!.fingerprint256}, now ${impostor.tls!.fingerprint256}`);

      manager.close();
      const refused = await manager.attach('lab').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ReportedError);
      expect((refused as ReportedError).body).toMatchObject({ code: 'certificate_changed' });
      expect((refused as ReportedError).body.message).toContain('the admin token was not sent');
      // The impostor never saw a request: the pin is checked right after the handshake.
      expect(impostor.logs.lines.length).toBe(impostorCalls);
    } finally {
      address.swap();
      manager.close();
    }
  });
});

describe('the renderer\'s side (Chromium verify proc)', () => {
  it('accepts the pinned certificate only on a pinned host, and leaves other hosts to Chromium', async () => {
    const a = await loadTlsCredentials({ mode: 'self-signed' }, tempDir(), ['localhost']);
    const b = await loadTlsCredentials({ mode: 'self-signed' }, tempDir(), ['localhost']);
    const pins = pinsByHost([{ url: 'https://dgx.lab:8443', certificateSha256: a!.fingerprint256 }, { url: 'https://[::1]:9443', certificateSha256: b!.fingerprint256 }, { url: 'http://127.0.0.1:8000' }]);
    expect(certificateVerdict({ hostname: 'dgx.lab', certificate: { data: a!.cert } }, pins)).toBe(VERIFY.accept);
    expect(certificateVerdict({ hostname: 'dgx.lab', certificate: { data: b!.cert } }, pins)).toBe(VERIFY.refuse);
    expect(certificateVerdict({ hostname: '::1', certificate: { data: b!.cert } }, pins)).toBe(VERIFY.accept);
    expect(certificateVerdict({ hostname: 'example.com', certificate: { data: b!.cert } }, pins)).toBe(VERIFY.chromium);
    expect(certificateVerdict({ hostname: 'dgx.lab', certificate: { data: 'not a certificate' } }, pins)).toBe(VERIFY.refuse);
  });
});
