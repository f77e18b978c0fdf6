import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../state/atomic-write';
import { isCommitHash, validateRevision } from './repo-id';
import { isWanted } from './file-pattern';
import { checkRepoFilePath } from './safe-path';

/** One file of a repo at a commit, as the hub's tree lists it. */
export interface TreeFile {
  path: string;
  size: number;
  /** The blob name: the sha256 of an LFS file, else the git blob sha1 (huggingface_hub's etag). */
  blobId: string;
  /** Set for LFS files: the content must hash to it. */
  sha256?: string;
  /** The git blob id of the tree entry (the LFS pointer's, for LFS files). */
  gitOid?: string;
}

export interface RepoCacheState {
  state: 'absent' | 'partial' | 'complete';
  bytes: number;
  commit?: string;
  /** The files the manifest expects (after the model's patterns), when the tree is known. */
  expectedFiles?: number;
  presentFiles?: number;
}

/**
 * The huggingface_hub cache layout under MODEL_CACHE_DIR, exactly as Python writes it:
 * `models--org--name/blobs/<etag>`, `snapshots/<commit>/<path>` (relative symlinks to the blob),
 * `refs/<revision>` (the commit, no newline), `trees/<commit>.json` (the file list, format 1).
 * Python and the JS client read what this writes, and this reads what they write.
 */
export class HubCache {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  repoDir(repo: string): string {
    const dir = join(this.root, `models--${repo.split('/').join('--')}`);
    // repo ids are validated before they get here; this keeps a bug from ever escaping the root.
    if (dirname(dir) !== this.root) throw new Error(`repo folder outside the cache: ${repo}`);
    return dir;
  }

  blobPath(repo: string, blobId: string): string {
    if (!/^[0-9a-f]{40,64}$/.test(blobId)) throw new Error(`not a blob id: ${blobId}`);
    return join(this.repoDir(repo), 'blobs', blobId);
  }

  incompletePath(repo: string, blobId: string): string {
    return `${this.blobPath(repo, blobId)}.incomplete`;
  }

  snapshotDir(repo: string, commit: string): string {
    return join(this.repoDir(repo), 'snapshots', commit);
  }

  /** The commit a revision points at: itself for a commit, else `refs/<revision>` (stripped). */
  resolveCommit(repo: string, revision: string): string | null {
    if (isCommitHash(revision)) return revision;
    try {
      const commit = readFileSync(this.refFile(repo, revision), 'utf8').trim();
      return isCommitHash(commit) ? commit : null;
    } catch {
      return null;
    }
  }

  /** `refs/<revision>`, only for a branch or tag (Python writes none when revision is the commit). */
  writeRef(repo: string, revision: string, commit: string): void {
    if (revision === commit) return;
    const file = this.refFile(repo, revision);
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, commit, 0o644);
  }

  /**
   * `refs/<revision>`. Revisions also come from files the hub serves (a pyannote config.yaml's
   * `org/name@revision`), not only from the validated catalog: one with `..` must not read or
   * write outside the repo folder.
   */
  private refFile(repo: string, revision: string): string {
    validateRevision(revision);
    return join(this.repoDir(repo), 'refs', revision);
  }

  writeTree(repo: string, commit: string, files: readonly TreeFile[]): void {
    const out: Record<string, Record<string, unknown>> = {};
    // Python's fields: blob_id is the git id of the tree entry; the LFS sha256 has its own field.
    for (const f of files) out[f.path] = { size: f.size, blob_id: f.gitOid ?? f.blobId, ...(f.sha256 ? { lfs_sha256: f.sha256, lfs_size: f.size } : {}) };
    const file = join(this.repoDir(repo), 'trees', `${commit}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify({ format_version: 1, files: out }), 0o644);
  }

  readTree(repo: string, commit: string): TreeFile[] | null {
    let parsed: { files?: Record<string, { size?: number; blob_id?: string; lfs_sha256?: string; lfs_size?: number }> };
    try {
      parsed = JSON.parse(readFileSync(join(this.repoDir(repo), 'trees', `${commit}.json`), 'utf8'));
    } catch {
      return null;
    }
    const files: TreeFile[] = [];
    for (const [path, f] of Object.entries(parsed.files ?? {})) {
      if (typeof f.size !== 'number' || typeof f.blob_id !== 'string') continue;
      const size = f.lfs_size ?? f.size;
      files.push(f.lfs_sha256 ? { path, size, blobId: f.lfs_sha256, sha256: f.lfs_sha256, gitOid: f.blob_id } : { path, size, blobId: f.blob_id });
    }
    return files;
  }

  /** True when the blob is in place with the expected size. */
  hasBlob(repo: string, blobId: string, size: number): boolean {
    try {
      return statSync(this.blobPath(repo, blobId)).size === size;
    } catch {
      return false;
    }
  }

  /** `snapshots/<commit>/<path>` → `../../blobs/<id>` (one more `../` per folder), replaced atomically. */
  linkSnapshot(repo: string, commit: string, path: string, blobId: string): string {
    checkRepoFilePath(repo, path);
    const snapshot = this.snapshotDir(repo, commit);
    const pointer = join(snapshot, ...path.split('/'));
    if (!pointer.startsWith(snapshot + sep)) throw new Error(`pointer outside the snapshot: ${path}`);
    mkdirSync(dirname(pointer), { recursive: true });
    const target = relative(dirname(pointer), this.blobPath(repo, blobId));
    const tmp = `${pointer}.${randomBytes(4).toString('hex')}.link`;
    symlinkSync(target, tmp);
    renameSync(tmp, pointer);
    return pointer;
  }

  /** Cache state of one repo against its manifest (every expected file, not "at least one"). */
  repoState(repo: string, revision: string, patterns?: readonly string[]): RepoCacheState {
    const commit = this.resolveCommit(repo, revision);
    const tree = commit ? this.readTree(repo, commit) : null;
    if (!commit || !tree) {
      const bytes = this.blobBytes(repo);
      return { state: bytes > 0 ? 'partial' : 'absent', bytes, ...(commit ? { commit } : {}) };
    }
    const expected = tree.filter((f) => isWanted(f.path, patterns));
    let bytes = 0;
    let present = 0;
    for (const f of expected) {
      if (this.isInSnapshot(repo, commit, f)) {
        present++;
        bytes += f.size;
      } else bytes += fileSize(this.incompletePath(repo, f.blobId));
    }
    const state = expected.length > 0 && present === expected.length ? 'complete' : bytes > 0 ? 'partial' : 'absent';
    return { state, bytes, commit, expectedFiles: expected.length, presentFiles: present };
  }

  isInSnapshot(repo: string, commit: string, file: TreeFile): boolean {
    try {
      const st = statSync(join(this.snapshotDir(repo, commit), ...file.path.split('/')));
      return st.isFile() && st.size === file.size;
    } catch {
      return false;
    }
  }

  /** Removes the repo's folder, and nothing outside it. */
  purgeRepo(repo: string): void {
    const dir = this.repoDir(repo);
    if (existsSync(dir) && lstatSync(dir).isSymbolicLink()) rmSync(dir);
    else rmSync(dir, { recursive: true, force: true });
    rmSync(join(this.root, '.locks', `models--${repo.split('/').join('--')}`), { recursive: true, force: true });
  }

  /** Every byte under blobs/ (complete and partial): what a purge would free. */
  blobBytes(repo: string): number {
    const dir = join(this.repoDir(repo), 'blobs');
    let total = 0;
    try {
      for (const name of readdirSync(dir)) total += fileSize(join(dir, name));
    } catch {
      return 0;
    }
    return total;
  }
}

function fileSize(path: string): number {
  try {
    const st = lstatSync(path);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}
