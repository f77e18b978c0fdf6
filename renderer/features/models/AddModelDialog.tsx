import { useRef, useState, type FormEvent } from 'react';
import { AddModel, EngineName, type ModelTask } from '../../../gateway/contract/models';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { addModel } from './models-actions';
import { repoIdProblem, revisionProblem } from '../../../gateway/contract/repo-id';

/** What task each engine serves, so the form proposes a coherent pair. */
const TASK_OF: Record<string, ModelTask> = { vllm: 'chat', 'openai-upstream': 'chat', 'nemo-aed': 'transcription', 'nemo-tdt': 'transcription', pyannote: 'diarization', 'silero-vad': 'vad' };

const invalid = (message: string, param: string, hint: string): ErrorObject => ({ message, type: 'invalid_request_error', param, code: 'invalid_request', hint });

/** Checks the form as the gateway would (AddModel schema, hub repo id and revision rules). */
export function validateAddModel(form: { key: string; repo: string; revision: string; engine: string; files: string; displayName: string }): { body: AddModel } | { error: ErrorObject } {
  const repo = form.repo.trim();
  const repoProblem = repoIdProblem(repo);
  if (repoProblem) return { error: invalid(`The repo id "${repo}" is not valid: ${repoProblem}.`, 'repo', 'Copy the id from the model page on huggingface.co, for example "Qwen/Qwen2.5-7B-Instruct".') };
  const revision = form.revision.trim() || undefined;
  const revProblem = revision ? revisionProblem(revision) : null;
  if (revProblem) return { error: invalid(`The revision "${revision}" is not valid: ${revProblem}.`, 'revision', 'Use a branch ("main"), a tag ("v1.0") or a 40-hex commit id.') };
  const files = form.files.split(',').map((f) => f.trim()).filter(Boolean);
  const parsed = AddModel.safeParse({
    key: form.key.trim(), repo, revision, engine: form.engine, task: TASK_OF[form.engine],
    ...(files.length ? { files } : {}), ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    return { error: invalid(`Invalid ${field}: ${issue.message}.`, field, 'See doc/api.md for the fields of POST /api/admin/models.') };
  }
  return { body: parsed.data };
}

export function AddModelDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const empty = { key: '', repo: '', revision: 'main', engine: 'vllm', files: '', displayName: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<ErrorObject | null>(null);
  const field = (name: keyof typeof form) => ({ value: form[name], name, onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = validateAddModel(form);
    if ('error' in checked) return setError(checked.error);
    const err = await addModel(checked.body);
    setError(err);
    if (!err) {
      setForm(empty);
      dialog.current?.close();
    }
  };
  return (
    <>
      <button type="button" className="primary" onClick={() => dialog.current?.showModal()} aria-haspopup="dialog">Add model</button>
      <dialog ref={dialog} aria-labelledby="add-model-title">
        <form onSubmit={submit} style={{ display: 'grid', gap: 8 }}>
          <h2 id="add-model-title">Add a Hugging Face model</h2>
          <label>Catalog key<input {...field('key')} placeholder="my-qwen" required /></label>
          <label>Repo id<input {...field('repo')} placeholder="Qwen/Qwen2.5-7B-Instruct" required /></label>
          <label>Revision<input {...field('revision')} /></label>
          <label>Engine
            <select {...field('engine')}>
              {EngineName.options.map((e) => <option key={e} value={e}>{e} ({TASK_OF[e]})</option>)}
            </select>
          </label>
          <label>Files (optional globs, comma-separated)<input {...field('files')} placeholder="*.json, *.safetensors" /></label>
          <label>Display name (optional)<input {...field('displayName')} /></label>
          <ErrorNotice error={error} />
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" onClick={() => dialog.current?.close()}>Cancel</button>
            <button type="submit" className="primary">Add</button>
          </div>
        </form>
      </dialog>
    </>
  );
}
