import type { Vocabulary } from './vocab';

export interface CanaryPromptOptions {
  source: string;
  target: string;
  punctuation: boolean;
  timestamps: boolean;
  /** canary-1b-v2 prompts start with `▁` (see asr-languages.ts). */
  prefix: boolean;
}

/**
 * The NeMo `canary2` prompt (reference/engines.md §1.5): [▁] <|startofcontext|>
 * <|startoftranscript|> <|emo:undefined|> <|SRC|> <|TGT|> <|pnc|>|<|nopnc|> <|noitn|>
 * <|timestamp|>|<|notimestamp|> <|nodiarize|>.
 */
export function canaryPrompt(vocab: Vocabulary, o: CanaryPromptOptions): number[] {
  const tokens = [
    '<|startofcontext|>', '<|startoftranscript|>', '<|emo:undefined|>', `<|${o.source}|>`, `<|${o.target}|>`,
    o.punctuation ? '<|pnc|>' : '<|nopnc|>', '<|noitn|>', o.timestamps ? '<|timestamp|>' : '<|notimestamp|>', '<|nodiarize|>',
  ];
  return [...(o.prefix ? [vocab.require('▁')] : []), ...tokens.map((t) => vocab.require(t))];
}

/** Whether the vocab has what the timestamp prompt needs: `<|timestamp|>` and the `<|N|>` frame tokens. */
export function hasTimestampTokens(vocab: Vocabulary): boolean {
  return vocab.idOf('<|timestamp|>') !== undefined && vocab.idOf('<|0|>') !== undefined;
}

/** Frame index of a `<|N|>` token, else null. */
export function frameOfToken(token: string): number | null {
  const m = /^<\|(\d+)\|>$/.exec(token);
  return m ? Number(m[1]) : null;
}
