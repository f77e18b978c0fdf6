import { HubApiError, listFiles, modelInfo, whoAmI } from '@huggingface/hub';
import { GatewayError } from '../errors';
import type { RepoRef } from '../contract/models';
import type { TreeFile } from './cache';
import { hubFailureError, hubUnreachableError } from './hub-errors';
import { isWanted } from './file-pattern';
import { checkRepoFilePath } from './safe-path';
import { retryDelayMs, sleep, DEFAULT_RETRY, type RetryPolicy } from './retry-policy';

/** A repo at a commit: every (safe) file, and the ones the model wants. */
export interface RepoManifest {
  repo: string;
  revision: string;
  commit: string;
  gated: boolean;
  files: TreeFile[];
  wanted: TreeFile[];
}

export interface Account {
  user: string;
  role: string | null;
}

/**
 * Metadata through @huggingface/hub with hubUrl = HF_ENDPOINT: the commit a revision points at,
 * the file list with sizes and LFS sha256, the gated flag, and whoami. The bytes are ours
 * (blob-transfer.ts). Network errors, 5xx and 429 are retried here too.
 */
export class HubMetadata {
  /** Repos the hub has reported gated, so the catalog shows it for user entries too. */
  readonly gatedRepos = new Set<string>();

  /**
   * @param requestTimeoutMs one metadata request (a tree page, whoami, the access probe): a hub
   *   that accepts the connection and never answers must not hang a preflight or a token check.
   */
  constructor(readonly hubUrl: string, private readonly retry: RetryPolicy = DEFAULT_RETRY, readonly requestTimeoutMs = 30_000) {}

  async manifest(ref: RepoRef, token: string | null, signal?: AbortSignal): Promise<RepoManifest> {
    const common = { hubUrl: this.hubUrl, fetch: this.fetchFor(signal), ...(token ? { accessToken: token } : {}) };
    try {
      const info = await modelInfo({ ...common, name: ref.repo, revision: ref.revision, additionalFields: ['sha'] });
      const commit = info.sha;
      if (!commit || !/^[0-9a-f]{40}$/.test(commit)) throw new GatewayError('download_failed', `The hub gave no commit for ${ref.repo}@${ref.revision}.`, { hint: 'Check HF_ENDPOINT.' });
      const files: TreeFile[] = [];
      for await (const entry of listFiles({ ...common, repo: ref.repo, revision: commit, recursive: true })) {
        if (entry.type !== 'file') continue;
        files.push({ path: entry.path, size: entry.lfs?.size ?? entry.size, blobId: entry.lfs?.oid ?? entry.xetHash ?? entry.oid ?? '', ...(entry.lfs ? { sha256: entry.lfs.oid, ...(entry.oid ? { gitOid: entry.oid } : {}) } : {}) });
      }
      const wanted = files.filter((f) => isWanted(f.path, ref.files));
      for (const f of wanted) checkWantedFile(ref.repo, f);
      const safe = files.filter((f) => isSafe(ref.repo, f.path) && /^[0-9a-f]{40,64}$/.test(f.blobId));
      const gated = info.gated !== false && info.gated !== undefined;
      if (gated) this.gatedRepos.add(ref.repo);
      return { repo: ref.repo, revision: ref.revision, commit, gated, files: safe, wanted };
    } catch (err) {
      throw this.toGatewayError(err, ref.repo, !!token, signal);
    }
  }

  async whoami(token: string): Promise<Account> {
    try {
      const me = await whoAmI({ hubUrl: this.hubUrl, accessToken: token, fetch: this.fetchFor() });
      return { user: me.name, role: me.auth.accessToken?.role ?? null };
    } catch (err) {
      if (err instanceof HubApiError && err.statusCode === 401) {
        throw new GatewayError('hf_token_invalid', 'The hub refused this token (401). Create a read token at https://huggingface.co/settings/tokens and paste it whole.', { param: 'token' });
      }
      throw this.toGatewayError(err, 'whoami', true);
    }
  }

  toGatewayError(err: unknown, repo: string, hasToken: boolean, signal?: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason;
    if (err instanceof GatewayError) return err;
    if (err instanceof HubApiError) {
      const data = err.data as { error?: string } | undefined;
      return hubFailureError(this.hubUrl, repo, { status: err.statusCode, message: data?.error ?? err.message.split('. URL: ')[0], errorCode: errorCodeOf(err) }, hasToken);
    }
    return hubUnreachableError(this.hubUrl, err);
  }

  /** fetch with the job's abort signal, a time limit per request, and retries on network errors (timeouts included), 5xx and 429. */
  private fetchFor(signal?: AbortSignal): typeof fetch {
    return async (input, init) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const timeout = AbortSignal.timeout(this.requestTimeoutMs);
          const res = await fetch(input, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
          if ((res.status < 500 && res.status !== 429) || attempt >= this.retry.maxAttempts) return res;
          await res.body?.cancel();
        } catch (err) {
          if (signal?.aborted || attempt >= this.retry.maxAttempts) throw err;
        }
        await sleep(retryDelayMs(this.retry, attempt), signal);
      }
    };
  }
}

/** The hub's X-Error-Code is not kept by HubApiError; its message says the same. */
function errorCodeOf(err: HubApiError): string | undefined {
  // Not the whole message: its URL trailer lists `expand=gated` for every modelInfo call.
  const text = (err.data as { error?: string } | undefined)?.error ?? err.message.split('. URL: ')[0] ?? '';
  if (/restricted|gated/i.test(text)) return 'GatedRepo';
  if (/Repository not found/i.test(text)) return 'RepoNotFound';
  if (/rev(ision)? (id )?not found|Invalid rev id/i.test(text)) return 'RevisionNotFound';
  return undefined;
}

/** A file to download needs a safe path and a content id to name its blob (and check it). */
function checkWantedFile(repo: string, file: TreeFile): void {
  checkRepoFilePath(repo, file.path);
  if (!/^[0-9a-f]{40,64}$/.test(file.blobId)) {
    throw new GatewayError('download_failed', `The hub listed ${file.path} of ${repo} without a usable content id (${JSON.stringify(file.blobId.slice(0, 80))}); nothing was downloaded.`, {
      hint: 'Check HF_ENDPOINT: a mirror must answer the tree API as huggingface.co does (a git oid for each file, lfs.oid for LFS files).',
    });
  }
}

function isSafe(repo: string, path: string): boolean {
  try {
    checkRepoFilePath(repo, path);
    return true;
  } catch {
    return false;
  }
}
