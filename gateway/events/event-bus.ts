import type { RuntimeEvent, RuntimeEventInput, StreamMessage } from '../contract/events';
import type { EventLog } from './event-log';

export type StreamListener = (message: StreamMessage) => void;

/**
 * The typed event bus. `record` writes a runtime event to the log and broadcasts it; `publish`
 * broadcasts a live-only message (GPU samples, progress) that is not kept. Listeners must not
 * throw; one that does is removed so the others keep receiving.
 */
export class EventBus {
  private readonly listeners = new Set<StreamListener>();

  constructor(readonly log: EventLog, private readonly onListenerError?: (err: unknown) => void) {}

  record(input: RuntimeEventInput): RuntimeEvent {
    const event = this.log.append({ ...input, time: new Date().toISOString() });
    this.publish({ type: 'runtime', event });
    return event;
  }

  publish(message: StreamMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (err) {
        this.listeners.delete(listener);
        this.onListenerError?.(err);
      }
    }
  }

  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
