import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EventLevel } from '../../../gateway/contract/events';
import { useAppStore } from '../../store/app-store';
import { selectEventKinds, selectEventModels, selectFilteredEvents } from '../../store/events-slice';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { refreshEvents } from './events-actions';

/** The runtime log, live: newest first, filtered by level, model, kind and text. */
export default function EventsPage() {
  useEffect(() => {
    void refreshEvents();
  }, []);
  const events = useAppStore(useShallow(selectFilteredEvents));
  const error = useAppStore((s) => s.events.error);
  const total = useAppStore((s) => s.events.items.length);
  return (
    <>
      <h1>Events</h1>
      <EventFilters />
      <ErrorNotice error={error} />
      <p className="muted" role="status" aria-live="polite">{events.length} of {total} events</p>
      <table aria-label="Runtime events">
        <thead><tr><th>Time</th><th>Level</th><th>Kind</th><th>Model</th><th>Message</th></tr></thead>
        <tbody>
          {events.slice(0, 500).map((e) => (
            <tr key={e.id} data-kind={e.kind}>
              <td className="mono">{new Date(e.time).toLocaleTimeString()}</td>
              <td><span className={`badge ${e.level === 'error' ? 'fail' : e.level === 'warn' ? 'warn' : ''}`}>{e.level}</span></td>
              <td className="mono">{e.kind}</td>
              <td>{e.model ?? ''}</td>
              <td>{e.message}{e.hint && <div className="muted">{e.hint}</div>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function EventFilters() {
  const filters = useAppStore((s) => s.events.filters);
  const setFilters = useAppStore((s) => s.setEventFilters);
  const models = useAppStore(useShallow(selectEventModels));
  const kinds = useAppStore(useShallow(selectEventKinds));
  return (
    <div className="row" role="search" aria-label="Filter events">
      <label>
        Minimum level
        <select value={filters.level} onChange={(e) => setFilters({ level: e.target.value as typeof filters.level })}>
          <option value="all">all</option>
          {EventLevel.options.map((l) => <option key={l} value={l}>{l}</option>)}
        </select>
      </label>
      <label>
        Model
        <select value={filters.model} onChange={(e) => setFilters({ model: e.target.value })}>
          <option value="">any</option>
          {models.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </label>
      <label>
        Kind
        <select value={filters.kind} onChange={(e) => setFilters({ kind: e.target.value })}>
          <option value="">any</option>
          {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
      </label>
      <label>
        Search
        <input type="search" value={filters.search} onChange={(e) => setFilters({ search: e.target.value })} placeholder="text in message or hint" />
      </label>
    </div>
  );
}
