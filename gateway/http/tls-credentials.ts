import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ConfigError, type TlsConfig } from '../config';
import { writeFileAtomic } from '../state/atomic-write';

export interface TlsCredentials {
  cert: string;
  key: string;
  certFile: string;
  /** SHA-256 of the certificate (DER), `AB:CD:…` as `openssl x509 -noout -fingerprint -sha256` prints it. */
  fingerprint256: string;
  /** A self-signed certificate made at this start (the previous one was missing or expired). */
  isNew: boolean;
  expiresAt: Date;
}

/** A generated certificate lasts this long: regenerating changes the fingerprint consoles pinned. */
const SELF_SIGNED_DAYS = 5 * 365;

/**
 * The certificate and key the gateway serves HTTPS with, or null for plain HTTP. Operator files
 * are checked (readable PEM, key matching the certificate) so a mistake stops the start with the
 * variable named; a self-signed certificate is kept in STATE_DIR/tls and reused, so its
 * fingerprint stays the same across restarts.
 */
export async function loadTlsCredentials(tls: TlsConfig, stateDir: string, names: string[]): Promise<TlsCredentials | null> {
  if (tls.mode === 'off') return null;
  if (tls.mode === 'files') return readPair(tls.certFile, tls.keyFile, 'TLS_CERT_FILE', false);
  const dir = join(stateDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const kept = tryReadPair(certFile, keyFile);
    if (kept && kept.expiresAt.getTime() > Date.now()) return kept;
  }
  const made = await generate([{ name: 'commonName', value: 'Passerelle gateway' }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + SELF_SIGNED_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: subjectAltNames(names) },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomic(keyFile, made.private, 0o600);
  writeFileAtomic(certFile, made.cert, 0o644);
  return readPair(certFile, keyFile, 'TLS', true);
}

/** The names a generated certificate covers: loopback, this machine's name, and ALLOWED_HOSTS. */
export function certificateNames(bindHost: string, allowedHosts: string[]): string[] {
  const names = ['localhost', '127.0.0.1', '::1', hostname().toLowerCase(), ...allowedHosts];
  if (bindHost !== '0.0.0.0' && bindHost !== '::') names.push(bindHost);
  return [...new Set(names.map((n) => n.replace(/^\[|\]$/g, '')).filter(Boolean))];
}

function subjectAltNames(names: string[]): Array<{ type: 2; value: string } | { type: 7; ip: string }> {
  return names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
}

function tryReadPair(certFile: string, keyFile: string): TlsCredentials | null {
  try {
    return readPair(certFile, keyFile, 'TLS', false);
  } catch {
    return null;
  }
}

function readPair(certFile: string, keyFile: string, variable: string, isNew: boolean): TlsCredentials {
  const cert = readPem(certFile, variable === 'TLS' ? 'TLS' : 'TLS_CERT_FILE');
  const key = readPem(keyFile, variable === 'TLS' ? 'TLS' : 'TLS_KEY_FILE');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new ConfigError(variable, certFile, 'expected a PEM certificate (-----BEGIN CERTIFICATE-----)');
  }
  let matches = false;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new ConfigError(variable === 'TLS' ? 'TLS' : 'TLS_KEY_FILE', keyFile, 'expected an unencrypted PEM private key');
  }
  if (!matches) throw new ConfigError('TLS_KEY_FILE', keyFile, `expected the private key of the certificate in ${certFile}`);
  return { cert, key, certFile, fingerprint256: x509.fingerprint256, isNew, expiresAt: new Date(x509.validTo) };
}

function readPem(file: string, variable: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(variable, file, `expected a file the gateway can read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
