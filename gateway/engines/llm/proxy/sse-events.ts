import type { Usage } from './token-meter';

export interface EventHooks {
  dropUsageEvent: boolean;
  onUsage(usage: Usage): void;
  onDone(): void;
}

/**
 * Looks into complete SSE events only where it matters (usage, `[DONE]`) and returns what to
 * forward. Most events contain neither word and go out untouched, as bytes; `\r\n` line ends
 * (sse-starlette, other gateways) are kept as they came.
 */
export function inspectEvents(events: string, hooks: EventHooks): string {
  if (!events.includes('[DONE]') && !events.includes('"usage"')) return events;
  let out = '';
  for (const event of events.split(/(?<=\r?\n\r?\n)/)) {
    const data = dataOf(event);
    if (data === '[DONE]') hooks.onDone();
    else if (data.includes('"usage"')) {
      const usage = readUsage(data);
      if (usage) {
        hooks.onUsage(usage.usage);
        if (hooks.dropUsageEvent && usage.usageOnly) continue;
      }
    }
    out += event;
  }
  return out;
}

/**
 * What the engine left unfinished when it closed its stream: an event without its closing blank
 * line. The SSE rule drops such an event; it goes on, closed, only when its data is whole (JSON or
 * `[DONE]`), so that a final error event never lands in the middle of a cut one.
 */
export function closeTail(tail: string): string {
  if (!tail.trim()) return '';
  const data = dataOf(tail);
  if (data !== '[DONE]') {
    try {
      JSON.parse(data);
    } catch {
      return '';
    }
  }
  return `${tail.replace(/(\r?\n)+$/, '')}\n\n`;
}

/** The event's data, its `data:` lines joined (the SSE rule). */
function dataOf(event: string): string {
  return event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(l.startsWith('data: ') ? 6 : 5)).join('\n').trim();
}

function readUsage(data: string): { usage: Usage; usageOnly: boolean } | null {
  try {
    const parsed = JSON.parse(data) as { usage?: Usage | null; choices?: unknown[] };
    if (!parsed.usage) return null;
    return { usage: parsed.usage, usageOnly: Array.isArray(parsed.choices) && parsed.choices.length === 0 };
  } catch {
    return null;
  }
}
