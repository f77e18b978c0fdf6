import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import OpenAI from 'openai';
import { Agent, fetch as undiciFetch } from 'undici';
import { ConfigError, loadConfig } from '../../../gateway/config';
import { loadTlsCredentials } from '../../../gateway/http/tls-credentials';
import { spawnGateway } from '../../helpers/gateway-process';
import { startTestGateway } from '../../helpers/in-process-gateway';
import { tempDir } from '../../helpers/temp-dir';

/** The fingerprint of the certificate a TLS server presents, read from the handshake itself. */
function servedFingerprint(url: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()!.fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('HTTPS (TLS=self-signed, TLS_CERT_FILE/TLS_KEY_FILE)', () => {
  it('generates a certificate under STATE_DIR, serves it, and the official openai client works with it trusted', async () => {
    const stateDir = tempDir('passerelle-state-');
    const gw = await startTestGateway({ TLS: 'self-signed', STATE_DIR: stateDir, OPENAI_API_KEYS: 'sk-tls-test-key-000001' });
    expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const certFile = join(stateDir, 'tls', 'cert.pem');
    const cert = readFileSync(certFile, 'utf8');
    expect(gw.tls).toMatchObject({ certFile, fingerprint256: new X509Certificate(cert).fingerprint256 });
    expect(statSync(join(stateDir, 'tls', 'key.pem')).mode & 0o077).toBe(0);
    expect(await servedFingerprint(gw.url)).toBe(gw.tls!.fingerprint256);
    expect(gw.logs.lines.some((l) => l.includes(gw.tls!.fingerprint256))).toBe(true);

    // The certificate as the CA: hostname and chain checked as for any https server.
    const client = new OpenAI({
      baseURL: `${gw.url}/v1`, apiKey: 'sk-tls-test-key-000001', maxRetries: 0,
      fetch: undiciFetch as unknown as typeof fetch, fetchOptions: { dispatcher: new Agent({ connect: { ca: cert } }) } as never,
    });
    const models = await client.models.list();
    expect(models.data).toEqual([]); // an empty cache
    await expect(client.models.retrieve('no-such-model')).rejects.toMatchObject({ status: 404 });
    // Not trusted: refused, as a client should.
    const untrusted = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'sk-tls-test-key-000001', maxRetries: 0 });
    await expect(untrusted.models.list()).rejects.toThrow(/Connection error/);
  });

  it('keeps the generated certificate across restarts, so a pinned fingerprint still holds', async () => {
    const stateDir = tempDir('passerelle-state-');
    const first = await loadTlsCredentials({ mode: 'self-signed' }, stateDir, ['localhost', '127.0.0.1']);
    const second = await loadTlsCredentials({ mode: 'self-signed' }, stateDir, ['localhost', '127.0.0.1']);
    expect(first!.isNew).toBe(true);
    expect(second).toMatchObject({ isNew: false, fingerprint256: first!.fingerprint256 });
  });

  it('serves the operator\'s files, and refuses a key that is not the certificate\'s, naming the variable', async () => {
    const a = await loadTlsCredentials({ mode: 'self-signed' }, tempDir(), ['localhost']);
    const b = await loadTlsCredentials({ mode: 'self-signed' }, tempDir(), ['localhost']);
    const dir = tempDir();
    writeFileSync(join(dir, 'cert.pem'), a!.cert);
    writeFileSync(join(dir, 'a.key'), a!.key);
    writeFileSync(join(dir, 'b.key'), b!.key);
    const gw = await startTestGateway({ TLS_CERT_FILE: join(dir, 'cert.pem'), TLS_KEY_FILE: join(dir, 'a.key') });
    expect(await servedFingerprint(gw.url)).toBe(a!.fingerprint256);

    const wrongKey = loadConfig({ MODEL_CACHE_DIR: tempDir(), TLS_CERT_FILE: join(dir, 'cert.pem'), TLS_KEY_FILE: join(dir, 'b.key') });
    await expect(loadTlsCredentials(wrongKey.tls, wrongKey.stateDir, [])).rejects.toThrow(/TLS_KEY_FILE=.*expected the private key of the certificate/);
    await expect(loadTlsCredentials({ mode: 'files', certFile: join(dir, 'missing.pem'), keyFile: join(dir, 'a.key') }, dir, [])).rejects.toThrow(/TLS_CERT_FILE=.*ENOENT/);
    expect(() => loadConfig({ MODEL_CACHE_DIR: tempDir(), TLS_CERT_FILE: join(dir, 'cert.pem') })).toThrow(ConfigError);
    expect(() => loadConfig({ MODEL_CACHE_DIR: tempDir(), TLS: 'yes' })).toThrow(/TLS="yes" is not valid/);
  });

  it('prints the certificate\'s SHA-256 in the CLI\'s ready line (npm run build first)', async () => {
    const stateDir = tempDir('passerelle-state-');
    const gw = await spawnGateway({ MODEL_CACHE_DIR: tempDir(), STATE_DIR: stateDir, TLS: 'self-signed' });
    try {
      expect(gw.ready.url).toMatch(/^https:/);
      const fingerprint = new X509Certificate(readFileSync(join(stateDir, 'tls', 'cert.pem'))).fingerprint256;
      expect((gw.ready as { certificateSha256?: string }).certificateSha256).toBe(fingerprint);
      expect(await servedFingerprint(gw.ready.url)).toBe(fingerprint);
    } finally {
      gw.child.kill('SIGTERM');
      await gw.exited;
    }
  });
});
