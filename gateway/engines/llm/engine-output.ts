import type { EventBus } from '../../events/event-bus';
import type { Logger } from '../../logging/logger';

/** vLLM's start-up milestones (engines.md §4.3): shown as they come, so a load can be followed. */
const MILESTONES = [
  /Loading weights took/, /Model loading took/, /torch\.compile takes/, /GPU KV cache size/, /Available KV cache memory/,
  /Graph capturing finished/, /init engine .* took/, /Starting vLLM API server/, /Application startup complete/,
  /Auto-?fit max_model_len/, /vLLM API server version/,
];

/**
 * An engine's output lines: all go to the gateway log (debug), the last ones are kept for the
 * error report, and milestones, warnings and errors become runtime events, at most `burst` per
 * window so a chatty engine cannot flood the event log.
 */
export class EngineOutput {
  private readonly tail: string[] = [];
  private sentInWindow = 0;
  private skipped = 0;
  private windowStart = Date.now();

  constructor(
    private readonly model: string,
    private readonly events: EventBus,
    private readonly log: Logger,
    private readonly options = { keep: 200, burst: 20, windowMs: 10_000 },
  ) {}

  line(text: string): void {
    // eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters by nature
    const line = text.replace(/\x1b\[[0-9;]*m/g, '').trimEnd();
    if (!line) return;
    this.log.debug({ model: this.model, line }, 'engine output');
    this.tail.push(line);
    if (this.tail.length > this.options.keep) this.tail.shift();
    const level = /^(ERROR|CRITICAL)\b|Error:|Traceback/.test(line) ? 'error' : /^WARNING\b/.test(line) ? 'warn' : MILESTONES.some((m) => m.test(line)) ? 'info' : null;
    if (level) this.publish(level === 'error' ? 'warn' : level, line);
  }

  /** The last lines, oldest first. */
  lastLines(count = this.options.keep): string[] {
    return this.tail.slice(-count);
  }

  private publish(level: 'info' | 'warn', line: string): void {
    const now = Date.now();
    if (now - this.windowStart >= this.options.windowMs) {
      if (this.skipped > 0) {
        this.events.record({ level: 'info', kind: 'engine.output_skipped', model: this.model, message: `${this.skipped} lines of engine output were not shown here; they are in the gateway log at LOG_LEVEL=debug.` });
      }
      this.windowStart = now;
      this.sentInWindow = 0;
      this.skipped = 0;
    }
    if (this.sentInWindow >= this.options.burst) {
      this.skipped++;
      return;
    }
    this.sentInWindow++;
    this.events.record({ level, kind: 'engine.logged', model: this.model, message: line.slice(0, 2000) });
  }
}
