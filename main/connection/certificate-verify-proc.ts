import { X509Certificate } from 'node:crypto';
import type { Session } from 'electron';

/** Chromium's verdicts for `setCertificateVerifyProc`: accept, refuse, or its own verification. */
export const VERIFY = { accept: 0, refuse: -2, chromium: -3 } as const;

/** The fields of Electron's verify request this needs (the certificate's PEM). */
export interface VerifyRequest {
  hostname: string;
  certificate: { data: string };
}

/**
 * The renderer's side of pinning: a host with pinned profiles is reached only with one of their
 * certificates (self-signed ones included, which Chromium alone would refuse), any other is
 * refused; hosts without a pin keep Chromium's own verification. Electron gives the host without
 * its port, so the pins of every profile on that host count.
 */
export function certificateVerdict(request: VerifyRequest, pinsFor: (hostname: string) => string[]): number {
  const pins = pinsFor(bareHost(request.hostname));
  if (pins.length === 0) return VERIFY.chromium;
  let presented: string;
  try {
    presented = new X509Certificate(request.certificate.data).fingerprint256;
  } catch {
    return VERIFY.refuse;
  }
  return pins.includes(presented) ? VERIFY.accept : VERIFY.refuse;
}

/** Pins of the saved https profiles, by host name (IPv6 without brackets). */
export function pinsByHost(profiles: Array<{ url: string; certificateSha256?: string }>): (hostname: string) => string[] {
  return (hostname) => profiles.flatMap((p) => {
    try {
      return p.certificateSha256 && bareHost(new URL(p.url).hostname) === hostname ? [p.certificateSha256] : [];
    } catch {
      return [];
    }
  });
}

/** Installs the verdict on the session the console's page uses; `profiles` is read at each check. */
export function installCertificatePins(session: Pick<Session, 'setCertificateVerifyProc'>, profiles: () => Array<{ url: string; certificateSha256?: string }>): void {
  session.setCertificateVerifyProc((request, callback) => callback(certificateVerdict(request, pinsByHost(profiles()))));
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}
