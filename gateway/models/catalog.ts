import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AddModel, EngineName, ModelTask, RepoRef } from '../contract/models';
import { GatewayError } from '../errors';
import { writeFileAtomic } from '../state/atomic-write';
import { validateRepoId, validateRevision } from '../hub/repo-id';
import { PRESETS, type CatalogEntry } from './presets';
import { parseUpstreamOptions } from '../engines/llm/upstream-options';

/** The task each engine serves: a user entry must say the same. */
const ENGINE_TASK: Record<EngineName, ModelTask> = {
  vllm: 'chat', 'openai-upstream': 'chat', 'nemo-aed': 'transcription', 'nemo-tdt': 'transcription', pyannote: 'diarization', 'silero-vad': 'vad',
};

/**
 * The model catalog: the presets, plus the user's entries persisted atomically in
 * `<stateDir>/models.json`. Presets cannot be removed or redefined.
 */
export class Catalog {
  private readonly file: string;
  private user: CatalogEntry[];

  constructor(stateDir: string, private readonly onCorrupt?: (file: string, movedTo: string) => void) {
    this.file = join(stateDir, 'models.json');
    this.user = this.load();
  }

  list(): CatalogEntry[] {
    return [...PRESETS, ...this.user];
  }

  find(key: string): CatalogEntry | undefined {
    return this.list().find((e) => e.key === key);
  }

  get(key: string): CatalogEntry {
    const entry = this.find(key);
    if (!entry) {
      throw new GatewayError('model_not_found', `There is no model "${key.slice(0, 100)}" in the catalog.`, { param: 'key', hint: 'List the models with GET /api/admin/models, or add one with POST /api/admin/models.' });
    }
    return entry;
  }

  add(body: AddModel): CatalogEntry {
    if (PRESETS.some((p) => p.key === body.key)) throw new GatewayError('preset_model', `"${body.key}" is a preset; presets cannot be redefined.`, { param: 'key', hint: 'Add your entry under another key.' });
    if (this.user.some((e) => e.key === body.key)) throw new GatewayError('model_exists', `A model "${body.key}" already exists.`, { param: 'key', hint: 'Pick another key, or remove it first with DELETE /api/admin/models/{key}.' });
    if (ENGINE_TASK[body.engine] !== body.task) {
      throw new GatewayError('invalid_request', `Engine ${body.engine} serves the task "${ENGINE_TASK[body.engine]}", not "${body.task}".`, { param: 'task', hint: `Send task "${ENGINE_TASK[body.engine]}" with engine ${body.engine}.` });
    }
    // An attached upstream cannot load without a valid URL: refuse the entry now, naming the option.
    if (body.engine === 'openai-upstream') parseUpstreamOptions(body.key, body.options ?? {});
    const entry: CatalogEntry = {
      key: body.key, displayName: body.displayName ?? body.key, task: body.task, engine: body.engine, preset: false,
      repos: repoRefs(body), gated: false, expectedBytes: null, ...(body.options ? { options: body.options } : {}),
    };
    this.save([...this.user, entry]);
    return entry;
  }

  remove(key: string): CatalogEntry {
    const entry = this.get(key);
    if (entry.preset) throw new GatewayError('preset_model', `"${key}" is a preset; presets cannot be removed.`, { param: 'key', hint: 'Purge its files with DELETE /api/admin/models/{key}/cache instead.' });
    this.save(this.user.filter((e) => e.key !== key));
    return entry;
  }

  private save(user: CatalogEntry[]): void {
    writeFileAtomic(this.file, JSON.stringify({ version: 1, models: user }, null, 2), 0o600);
    this.user = user;
  }

  private load(): CatalogEntry[] {
    if (!existsSync(this.file)) return [];
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { models?: CatalogEntry[] };
      if (!Array.isArray(parsed.models)) throw new Error('no models array');
      return parsed.models.filter((e) => !PRESETS.some((p) => p.key === e.key)).map((e) => ({ ...e, preset: false }));
    } catch {
      // A torn or hand-edited file must not stop the gateway: keep it aside for the operator.
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      this.onCorrupt?.(this.file, aside);
      return [];
    }
  }
}

function repoRefs(body: AddModel): RepoRef[] {
  if (body.repos && body.repo) throw new GatewayError('invalid_request', 'Send either "repo" or "repos", not both.', { param: 'repos' });
  const refs = body.repos
    ? body.repos.map((r, i) => ({ ...r, param: `repos.${i}` }))
    : body.repo ? [{ repo: body.repo, revision: body.revision, files: body.files, role: undefined, param: '' }] : [];
  if (refs.length === 0 && body.engine !== 'openai-upstream') {
    throw new GatewayError('invalid_request', `Engine ${body.engine} needs a Hugging Face repo: send "repo" (and "revision", "files").`, { param: 'repo' });
  }
  if (refs.length > 1 && new Set(refs.map((r) => r.role)).size !== refs.length) {
    throw new GatewayError('invalid_request', 'Each repo of a multi-repo model needs its own "role" (segmentation, embedding, …).', { param: 'repos' });
  }
  return refs.map(({ param, ...r }) => {
    validateRepoId(r.repo, param ? `${param}.repo` : 'repo');
    const revision = r.revision ?? 'main';
    validateRevision(revision, param ? `${param}.revision` : 'revision');
    const files = r.files ?? (param ? undefined : body.files);
    if (files && (files.length > 200 || files.some((f) => f.length === 0 || f.length > 300))) {
      throw new GatewayError('invalid_request', 'File patterns: at most 200, each 1 to 300 characters (globs such as "*.onnx").', { param: 'files' });
    }
    return { repo: r.repo, revision, ...(files ? { files } : {}), ...(r.role ? { role: r.role } : {}) };
  });
}
