import type { RepoRef } from '../contract/models';
import type { PreflightAccess } from '../contract/hub';
import { isGatewayError, type GatewayError } from '../errors';
import type { HubMetadata } from './hub-metadata';
import { openUrl, readErrorMessage } from './http-request';
import { hubFailureError, hubUnreachableError } from './hub-errors';

const STATE_OF: Partial<Record<GatewayError['code'], PreflightAccess['state']>> = {
  gated_repo: 'gated', hf_token_invalid: 'token_invalid', repo_not_found: 'not_found', hub_unreachable: 'unreachable', unsafe_path: 'not_found',
};

/**
 * Can the token download every repo of the model? Lists each repo, then asks for the first
 * byte of its first wanted file: the hub answers gated and private repos there (401/403).
 */
export async function checkAccess(metadata: HubMetadata, repos: readonly RepoRef[], token: string | null): Promise<PreflightAccess> {
  let gated = false;
  for (const ref of repos) {
    try {
      const manifest = await metadata.manifest(ref, token);
      gated ||= manifest.gated;
      const first = manifest.wanted[0];
      if (first) await probe(metadata.hubUrl, ref.repo, manifest.commit, first.path, token, metadata.requestTimeoutMs);
    } catch (err) {
      if (!isGatewayError(err)) throw err;
      return {
        state: STATE_OF[err.code] ?? 'unreachable', gated: gated || err.code === 'gated_repo', repo: ref.repo,
        modelPage: `${metadata.hubUrl}/${ref.repo}`, message: err.message, ...(err.hint ? { hint: err.hint } : {}),
      };
    }
  }
  return { state: 'ok', gated, message: token ? 'The configured token can download every file of this model.' : 'Every file of this model can be downloaded without a token.' };
}

async function probe(hubUrl: string, repo: string, commit: string, path: string, token: string | null, timeoutMs: number): Promise<void> {
  const url = `${hubUrl}/${repo}/resolve/${commit}/${path.split('/').map(encodeURIComponent).join('/')}`;
  let opened;
  try {
    opened = await openUrl(url, { method: 'GET', headers: { range: 'bytes=0-0' }, token, hubOrigin: new URL(hubUrl).origin, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    if (isGatewayError(err)) throw err;
    throw hubUnreachableError(hubUrl, err);
  }
  const { res } = opened;
  const status = res.statusCode ?? 0;
  if (status < 400) {
    res.destroy();
    return;
  }
  const message = await readErrorMessage(res);
  throw hubFailureError(hubUrl, repo, { status, errorCode: res.headers['x-error-code'] as string | undefined, message }, !!token);
}
