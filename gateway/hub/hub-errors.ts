import { GatewayError } from '../errors';

export interface HubFailure {
  status: number;
  /** The hub's X-Error-Code header (GatedRepo, RepoNotFound, EntryNotFound, RevisionNotFound). */
  errorCode?: string;
  message?: string;
}

const TOKEN_HINT = 'Set a read token with PUT /api/admin/hf-token (Keys page) or HUGGINGFACE_TOKEN.';

/**
 * Turns a hub refusal into what the operator must do: the guide's "download stuck at 0 %" row
 * (token absent or wrong) becomes gated_repo / hf_token_invalid with the model page to visit.
 */
export function hubFailureError(hubUrl: string, repo: string, failure: HubFailure, hasToken: boolean): GatewayError {
  const page = `${hubUrl}/${repo}`;
  const { status, errorCode, message = '' } = failure;
  if (errorCode === 'GatedRepo' || /restricted|gated/i.test(message)) {
    return new GatewayError('gated_repo', `${repo} is gated and ${hasToken ? 'the configured token has no access to it' : 'no Hugging Face token is configured'}. Open ${page}, accept its conditions with your account, then set a read token of that account.`, {
      hint: `${TOKEN_HINT} Then start the download again.`,
    });
  }
  if (status === 401 && hasToken && errorCode !== 'RepoNotFound') {
    return new GatewayError('hf_token_invalid', `The hub refused the configured Hugging Face token while fetching ${repo}. Create a new read token at ${hubUrl}/settings/tokens.`, { hint: TOKEN_HINT });
  }
  if (status === 401 || status === 404 || errorCode === 'RepoNotFound' || errorCode === 'RevisionNotFound' || errorCode === 'EntryNotFound') {
    const what = errorCode === 'RevisionNotFound' ? 'revision' : errorCode === 'EntryNotFound' ? 'file' : 'repo';
    return new GatewayError('repo_not_found', `The hub has no such ${what} for ${repo}${what === 'repo' && !hasToken ? ' (or it is private)' : ''}. Check the id at ${page}.`, {
      hint: what === 'repo' && !hasToken ? `If the repo is private: ${TOKEN_HINT}` : 'Fix the repo id or revision of the model (DELETE and POST /api/admin/models).',
    });
  }
  if (status === 403) {
    return new GatewayError('gated_repo', `The hub refused access to ${repo} (403). Open ${page} and check that your account may read it.`, { hint: TOKEN_HINT });
  }
  return new GatewayError('download_failed', `The hub answered ${status} for ${repo}${message ? `: ${message.slice(0, 200)}` : ''}.`, {
    hint: 'Try again later; check HF_ENDPOINT if this keeps happening.',
  });
}

export function hubUnreachableError(hubUrl: string, cause: unknown): GatewayError {
  return new GatewayError('hub_unreachable', `The Hugging Face hub at ${hubUrl} cannot be reached (${(cause as Error)?.message ?? 'network error'}).`, {
    hint: 'Check the network, a proxy, or HF_ENDPOINT; then start the download again (it resumes).', cause,
  });
}
