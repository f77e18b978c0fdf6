import { readFileSync } from 'node:fs';

/**
 * An onnx-asr `vocab.txt` (reference/engines.md §1.3): one `<token> <id>` per line, SentencePiece's
 * `▁` kept in the token. Canary's control and timestamp tokens are spelled `<|…|>`.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();

  constructor(readonly tokens: string[]) {
    tokens.forEach((t, i) => this.ids.set(t, i));
  }

  static read(path: string): Vocabulary {
    const tokens: string[] = [];
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const cut = line.lastIndexOf(' ');
      if (cut <= 0) continue;
      const id = Number(line.slice(cut + 1));
      if (Number.isInteger(id) && id >= 0) tokens[id] = line.slice(0, cut);
    }
    if (tokens.length === 0) throw new Error(`${path} holds no "<token> <id>" line: download the model again`);
    return new Vocabulary(Array.from(tokens, (t) => t ?? ''));
  }

  idOf(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** The id of a token the model cannot work without (a load error names it otherwise). */
  require(token: string): number {
    const id = this.ids.get(token);
    if (id === undefined) throw new Error(`vocab.txt has no ${token} token: this is not a model of the expected kind`);
    return id;
  }

  token(id: number): string {
    return this.tokens[id] ?? '';
  }

  /** ISO codes of the `<|xx|>` language tokens (Canary's prompt slots). */
  languageTokens(): string[] {
    return this.tokens.map((t) => /^<\|([a-z]{2})\|>$/.exec(t)?.[1]).filter((l): l is string => l !== undefined);
  }
}

/** Control (`<|…|>`, `<blk>`, `<pad>`, `<unk>`) rather than text. */
export function isControlToken(token: string): boolean {
  return token.startsWith('<|') || /^<(blk|pad|unk|s|\/s)>$/.test(token);
}

/**
 * Text of token strings: `▁` becomes a space, control tokens are dropped, and, as onnx-asr does
 * (DECODE_SPACE_PATTERN), no space is kept at the start or before punctuation.
 */
export function detokenize(tokens: string[]): string {
  const joined = tokens.filter((t) => !isControlToken(t)).join('').replaceAll('▁', ' ');
  return joined.replace(/\s+/gu, ' ').replace(/ (?=[^\p{L}\p{N}\s(¿¡"«'])/gu, '').trim();
}
