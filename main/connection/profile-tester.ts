import { ErrorBody, type ErrorObject } from '../../gateway/contract/errors';
import { GatewayError } from '../../gateway/errors';
import { APP_ORIGIN, type ProfileTestResult } from '../ipc/contract';
import { normaliseProfileUrl } from './profile-url';
import { certificateChanged, certificateChangeIn, certificateUnconfirmed, pinnedFetch, type PinnedFetch } from './pinned-fetch';

export interface ProfileTestOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The origin the console window calls from; the gateway must allow it (CORS). */
  origin?: string;
}

export interface ProfileTarget {
  url: string;
  adminToken: string;
  /** The certificate's SHA-256 pinned for this profile (or just confirmed by the operator); https only. */
  certificateSha256?: string | null;
}

/**
 * Tests a remote gateway before the console switches to it, in the order that gives the most useful
 * reason: the URL is acceptable, `/healthz` answers as a gateway, over https the certificate is the
 * pinned one (none pinned yet: the test stops there and shows the fingerprint for the operator to
 * compare, SSH-like, before any token is sent), the admin token opens an admin route, and the
 * gateway lets the console's origin call it (ALLOWED_ORIGINS).
 */
export async function testProfile(target: ProfileTarget, options: ProfileTestOptions = {}): Promise<ProfileTestResult> {
  let base: string;
  try {
    base = normaliseProfileUrl(target.url);
  } catch (err) {
    return { ok: false, version: null, latencyMs: null, error: (err as GatewayError).toErrorObject() };
  }
  const isTls = base.startsWith('https:');
  const pin = isTls ? target.certificateSha256 ?? null : null;
  const pinned = isTls && !options.fetch ? pinnedFetch(pin) : null;
  try {
    return await runTest(base, target.adminToken, pin, pinned, options);
  } finally {
    await pinned?.close();
  }
}

async function runTest(base: string, adminToken: string, pin: string | null, pinned: PinnedFetch | null, options: ProfileTestOptions): Promise<ProfileTestResult> {
  const certificateSha256 = (): string | null => pinned?.seen() ?? pin;
  const fail = (error: ErrorObject, latencyMs: number | null = null): ProfileTestResult => ({ ok: false, version: null, latencyMs, error, certificateSha256: certificateSha256() });
  const get = (path: string, init: RequestInit = {}): Promise<Response> => request(pinned?.fetch ?? options.fetch, options.timeoutMs, `${base}${path}`, init);
  const auth = { authorization: `Bearer ${adminToken}` };

  const started = performance.now();
  let health: Response;
  try {
    health = await get('/healthz');
  } catch (err) {
    const change = certificateChangeIn(err);
    return fail(change ? certificateChanged(base, change).toErrorObject() : unreachable(base, err));
  }
  const latencyMs = Math.round(performance.now() - started);
  const healthBody = await health.json().catch(() => null) as { status?: unknown } | null;
  if (health.status !== 200 || healthBody?.status !== 'ok') return fail(notAGateway(base, `/healthz answered ${health.status}`), latencyMs);
  // First use over https: nothing secret goes out until the operator confirmed this certificate.
  if (base.startsWith('https:') && pin === null) return fail(certificateUnconfirmed(base, certificateSha256() ?? 'unknown').toErrorObject(), latencyMs);

  try {
    const admin = await get('/api/admin/keys', { headers: auth });
    if (!admin.ok) return fail(await adminFailure(base, admin), latencyMs);
    const cors = await get('/api/admin/keys', { method: 'OPTIONS', headers: { origin: options.origin ?? APP_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    if (cors.headers.get('access-control-allow-origin') !== (options.origin ?? APP_ORIGIN)) return fail(originRefused(base, options.origin ?? APP_ORIGIN), latencyMs);
    const system = await get('/api/system', { headers: auth });
    const version = system.ok ? ((await system.json().catch(() => null)) as { version?: unknown } | null)?.version : null;
    return { ok: true, version: typeof version === 'string' ? version : null, latencyMs, error: null, certificateSha256: certificateSha256() };
  } catch (err) {
    const change = certificateChangeIn(err);
    return fail(change ? certificateChanged(base, change).toErrorObject() : unreachable(base, err), latencyMs);
  }
}

async function request(doFetch: typeof fetch | undefined, timeoutMs: number | undefined, url: string, init: RequestInit): Promise<Response> {
  return (doFetch ?? fetch)(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs ?? 5000) });
}

function unreachable(base: string, err: unknown): ErrorObject {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const why = e.name === 'TimeoutError' ? 'no answer in time' : e.cause?.code ?? e.cause?.message ?? e.message;
  return new GatewayError('profile_unreachable', `${base} did not answer (${why}).`, {
    hint: 'Check the address, that the gateway runs there, and the network or SSH tunnel between you.',
  }).toErrorObject();
}

function notAGateway(base: string, detail: string): ErrorObject {
  return new GatewayError('not_a_gateway', `${base} answered, but not as a Passerelle gateway (${detail}).`, { hint: 'Check the address and port.' }).toErrorObject();
}

function originRefused(base: string, origin: string): ErrorObject {
  return new GatewayError('origin_not_allowed', `${base} does not allow the console's origin ${origin}, so the console window could not call it.`, {
    hint: `Add ${origin} to ALLOWED_ORIGINS on that gateway (comma-separated) and restart it.`,
  }).toErrorObject();
}

/** The gateway's own error (wrong token, forbidden host) when it sent one; else "not a gateway". */
async function adminFailure(base: string, res: Response): Promise<ErrorObject> {
  const body = ErrorBody.safeParse(await res.json().catch(() => null));
  if (!body.success) return notAGateway(base, `/api/admin/keys answered ${res.status}`);
  if (body.data.error.code === 'invalid_admin_token') {
    return { ...body.data.error, message: `${base} refused the admin token.`, hint: 'Copy the token again from that gateway (its ADMIN_TOKEN, or the admin-token file in its state directory).' };
  }
  return body.data.error;
}
