import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { GatewayError } from '../../gateway/errors';

export interface PinnedFetch {
  fetch: typeof fetch;
  /** The fingerprint of the last certificate a server presented, null before any TLS handshake. */
  seen(): string | null;
  close(): Promise<void>;
}

/** The error a connection ends with when the server's certificate is not the pinned one. */
export class CertificateChangedError extends Error {
  constructor(readonly pinned: string, readonly presented: string) {
    super(`certificate changed: pinned ${pinned}, presented ${presented}`);
    this.name = 'CertificateChangedError';
  }
}

/**
 * A fetch whose TLS connections accept exactly the certificate with the pinned SHA-256 fingerprint,
 * self-signed or not, and nothing else; the check runs right after the handshake, before a request
 * (and its admin token) is written. With no pin, any certificate is accepted and only recorded:
 * callers then send nothing secret (first use, until the operator confirmed the fingerprint).
 * TLS sessions are not resumed, so every connection shows its certificate again.
 */
export function pinnedFetch(pin: string | null): PinnedFetch {
  let seen: string | null = null;
  const connectTls = buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0 });
  const agent = new Agent({
    connect: (options, callback) => connectTls(options, (err, socket) => {
      if (err || options.protocol !== 'https:') return err ? callback(err, null) : callback(null, socket!);
      const presented = (socket as TLSSocket).getPeerCertificate().fingerprint256;
      seen = presented ?? null;
      if (pin !== null && presented !== pin) {
        socket!.destroy();
        return callback(new CertificateChangedError(pin, presented ?? 'none'), null);
      }
      callback(null, socket!);
    }),
  });
  return {
    fetch: ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch,
    seen: () => seen,
    close: () => agent.close(),
  };
}

/** The cause chain of a failed fetch, searched for a refused pin. */
export function certificateChangeIn(err: unknown): CertificateChangedError | null {
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as { cause?: unknown } | undefined, depth++) {
    if (e instanceof CertificateChangedError) return e;
  }
  return null;
}

export function certificateChanged(base: string, change: CertificateChangedError): GatewayError {
  return new GatewayError('certificate_changed', `${base} presented a different certificate from the one pinned for this profile (pinned SHA-256 ${change.pinned}, now ${change.presented}). Someone may be intercepting the connection; the admin token was not sent.`, {
    hint: 'If the gateway\'s certificate was replaced on purpose, compare the new fingerprint with the "certificateSha256" in its ready line (or `openssl x509 -noout -fingerprint -sha256 -in cert.pem` on that host), then remove the profile and add it again.',
  });
}

export function certificateUnconfirmed(base: string, presented: string): GatewayError {
  return new GatewayError('certificate_unconfirmed', `${base} presents a certificate with SHA-256 ${presented}. Compare it with the gateway's own before trusting it; the admin token was not sent.`, {
    hint: 'The gateway prints its fingerprint as "certificateSha256" in its ready line and log (`docker logs <container> | grep certificateSha256`). If it is the same, confirm it: the console then accepts this certificate only.',
  });
}
