import type { EventBus } from '../../events/event-bus';

/**
 * Auth failures go to the runtime log, but a client retrying with a bad key must not flood it:
 * the first failure per source and scope is recorded, then at most one summary a minute.
 */
export class AuthFailureReporter {
  private readonly lastRecorded = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly events: EventBus, private readonly windowMs = 60_000) {}

  report(scope: 'v1' | 'admin', source: string, reason: 'missing' | 'invalid' | 'wrong_scope'): void {
    const key = `${scope}|${source}`;
    const now = Date.now();
    const entry = this.lastRecorded.get(key);
    if (entry && now - entry.at < this.windowMs) {
      entry.suppressed++;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.lastRecorded.set(key, { at: now, suppressed: 0 });
    if (this.lastRecorded.size > 10_000) this.lastRecorded.clear();
    this.events.record({
      level: 'warn',
      kind: 'auth.failed',
      message: `${scope === 'v1' ? 'API' : 'Admin'} request from ${source} refused: ${reason === 'missing' ? 'no credentials' : reason === 'wrong_scope' ? 'an API key was used on an admin route' : 'invalid credentials'}${suppressed ? ` (${suppressed} more in the last minute)` : ''}.`,
      hint: scope === 'v1' ? 'Check the client\'s API key (Keys page).' : 'Use the admin token (its file path is printed at start), not an API key.',
      data: { scope, source, reason },
    });
  }
}
