import { asApiError } from '../../api/api-error';
import { gateway } from '../../app/gateway';
import { useAppStore } from '../../store/app-store';

/** The snapshot with an hour of history (the longest chart window); live samples follow over SSE. */
export async function refreshGpus(historySeconds = 3600): Promise<void> {
  const s = useAppStore.getState();
  if (s.gpus.state === 'idle') s.setGpusStatus('loading');
  try {
    s.setGpusSnapshot(await gateway.call('gpus', { query: { historySeconds } }));
  } catch (err) {
    const e = asApiError(err);
    useAppStore.getState().setGpusStatus(e.isNotOffered ? 'not-offered' : 'error', e.toErrorObject());
  }
}
