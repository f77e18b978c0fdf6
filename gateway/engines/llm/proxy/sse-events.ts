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
