import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store';
import { ErrorNotice, NotOffered } from '../../ui/ErrorNotice';
import { refreshGpus } from '../gpus/gpus-actions';
import { AddModelDialog } from './AddModelDialog';
import { ModelCard } from './ModelCard';
import { refreshModels } from './models-actions';

/** The catalog: each model's cache, download, runtime and the controls to change them. */
export default function ModelsPage() {
  useEffect(() => {
    void refreshModels();
    if (useAppStore.getState().gpus.state === 'idle') void refreshGpus(0);
  }, []);
  const state = useAppStore((s) => s.models.state);
  const error = useAppStore((s) => s.models.error);
  const keys = useAppStore(useShallow((s) => (s.models.data ?? []).map((m) => m.key)));
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>Models</h1>
        {state !== 'not-offered' && <AddModelDialog />}
      </div>
      {state === 'not-offered' && <NotOffered what="the model catalog (GET /api/admin/models)" />}
      {state !== 'not-offered' && <ErrorNotice error={error} />}
      {state === 'ready' && keys.length === 0 && <p>The catalog is empty. Add a Hugging Face repo with “Add model”.</p>}
      {keys.map((k) => <ModelCard key={k} modelKey={k} />)}
    </>
  );
}
