import { useState, type FormEvent } from 'react';
import { CreateApiKey } from '../../../gateway/contract/keys';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { createKey } from './keys-actions';

/** Name (and optional model allow-list), checked with the contract's schema before sending. */
export function CreateKeyForm() {
  const [name, setName] = useState('');
  const [models, setModels] = useState('');
  const [error, setError] = useState<ErrorObject | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = models.split(',').map((m) => m.trim()).filter(Boolean);
    const parsed = CreateApiKey.safeParse({ name, ...(list.length ? { models: list } : {}) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      setError({ message: `${issue.path.join('.') || 'name'}: ${issue.message}.`, type: 'invalid_request_error', param: issue.path.join('.') || null, code: 'invalid_request', hint: 'A name of 1 to 64 characters, without control characters.' });
      return;
    }
    setBusy(true);
    const err = await createKey(parsed.data);
    setBusy(false);
    setError(err);
    if (!err) {
      setName('');
      setModels('');
    }
  };

  return (
    <form className="row" onSubmit={submit} aria-label="Create an API key">
      <label>
        Key name
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} name="key-name" placeholder="e.g. notebook" />
      </label>
      <label>
        Models (optional, comma-separated)
        <input value={models} onChange={(e) => setModels(e.target.value)} name="key-models" placeholder="all models" />
      </label>
      <button type="submit" className="primary" disabled={isBusy || !name.trim()}>Create key</button>
      <div style={{ flexBasis: '100%' }}><ErrorNotice error={error} /></div>
    </form>
  );
}
