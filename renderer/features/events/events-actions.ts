import { asApiError } from '../../api/api-error';
import { gateway } from '../../app/gateway';
import { useAppStore } from '../../store/app-store';

/** Loads the runtime log's newest events; live ones are merged in by id as they arrive. */
export async function refreshEvents(): Promise<void> {
  const s = useAppStore.getState();
  try {
    const { events } = await gateway.call('listEvents', { query: { limit: 1000 } });
    s.replaceEvents(events);
  } catch (err) {
    s.setEventsError(asApiError(err).toErrorObject());
  }
}
