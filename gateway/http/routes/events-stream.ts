import { Router } from 'express';
import type { StreamMessage } from '../../contract/events';
import type { AppDeps } from '../deps';
import { locals } from '../locals';
import { SseStream } from '../sse';

/** Open SSE streams, so a drain can end them instead of waiting on them. */
export type OpenStreams = Set<SseStream>;

/**
 * `GET /api/events`: the live feed (runtime events, and the live types later features publish).
 * A client that reconnects with `Last-Event-ID` gets the runtime events it missed, or a `resync`
 * message when they are no longer kept, so it re-fetches its state.
 */
export function eventStreamRoutes(deps: AppDeps, open: OpenStreams): Router {
  const router = Router();
  router.get('/api/events', (req, res) => {
    const l = locals(res);
    l.routeLabel = '/api/events';
    const stream = new SseStream(res, {
      heartbeatMs: deps.sseHeartbeatMs ?? 15_000,
      maxBufferedBytes: deps.sseMaxBufferedBytes ?? 1024 * 1024,
      onDrop: (reason) => l.log.warn({ reason }, 'event stream client dropped'),
    });
    open.add(stream);
    const send = (m: StreamMessage): void => {
      stream.send(m.type, m, m.type === 'runtime' ? m.event.id : undefined);
    };
    const lastHeader = req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
    const lastId = lastHeader !== undefined && /^\d+$/.test(lastHeader) ? Number(lastHeader) : undefined;
    send({ type: 'hello', lastEventId: deps.events.log.latestId });
    if (lastId !== undefined) {
      const missed = deps.events.log.after(lastId);
      if (missed === null) send({ type: 'resync', reason: `events after ${lastId} are no longer kept` });
      else for (const event of missed) send({ type: 'runtime', event });
    }
    const unsubscribe = deps.events.subscribe(send);
    stream.onClose(() => {
      unsubscribe();
      open.delete(stream);
    });
  });
  return router;
}
