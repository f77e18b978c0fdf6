import { z } from 'zod';

/** The one line `passerelle-gateway` prints on stdout once it listens (gateway/cli.ts). */
export const ReadyLine = z.object({ event: z.literal('ready'), url: z.string(), port: z.number().int().positive() }).loose();
export type ReadyLine = z.infer<typeof ReadyLine>;

/** The ready line's content, or null for any other line (pino's JSON logs share stdout). */
export function parseReadyLine(line: string): ReadyLine | null {
  if (!line.startsWith('{') || !line.includes('"event":"ready"')) return null;
  try {
    const parsed = ReadyLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
