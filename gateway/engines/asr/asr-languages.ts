/**
 * Languages of the known NeMo exports (model cards; reference/engines.md §1.5). A catalog entry's
 * `options.languages` overrides them; Canary is further limited to the language tokens its vocab has.
 */
const EUROPEAN_25 = ['bg', 'hr', 'cs', 'da', 'nl', 'en', 'et', 'fi', 'fr', 'de', 'el', 'hu', 'it', 'lv', 'lt', 'mt', 'pl', 'pt', 'ro', 'sk', 'sl', 'es', 'sv', 'ru', 'uk'];
const FLASH = ['en', 'de', 'es', 'fr'];

const KNOWN: Array<[RegExp, string[]]> = [
  [/canary-1b-v2/, EUROPEAN_25],
  [/canary-.*flash/, FLASH],
  [/parakeet-tdt-0\.6b-v3/, EUROPEAN_25],
  [/parakeet-tdt-0\.6b-v2/, ['en']],
];

/** The model's languages; null when nothing says (any language is passed through). */
export function knownLanguages(repo: string | undefined, options: Record<string, unknown>): string[] | null {
  const given = options.languages;
  if (Array.isArray(given) && given.every((l) => typeof l === 'string')) return given.map((l) => l.toLowerCase());
  if (repo === undefined) return null;
  return KNOWN.find(([re]) => re.test(repo))?.[1] ?? null;
}

/** canary-1b-v2's prompt starts with `▁` (SentencePiece's dummy prefix); the flash models' does not (§1.5). */
export function hasPromptPrefix(repo: string | undefined, options: Record<string, unknown>): boolean {
  if (typeof options.promptPrefix === 'boolean') return options.promptPrefix;
  return !/flash/.test(repo ?? '');
}

/** canary-1b-v2 gets its times from an aligner that is not in the ONNX export: no timestamp prompt (§1.5). */
export function promptsTimestamps(repo: string | undefined, options: Record<string, unknown>): boolean | undefined {
  if (typeof options.timestamps === 'boolean') return options.timestamps;
  return /canary-1b-v2/.test(repo ?? '') ? false : undefined;
}
