/**
 * ISO 639-1 code → the lower-case English name OpenAI puts in `verbose_json.language` (Whisper's
 * LANGUAGES table). Covers the Canary/Parakeet languages and the common others.
 */
const NAMES: Record<string, string> = {
  en: 'english', de: 'german', es: 'spanish', fr: 'french', it: 'italian', pt: 'portuguese', nl: 'dutch',
  ru: 'russian', uk: 'ukrainian', pl: 'polish', cs: 'czech', sk: 'slovak', sl: 'slovenian', hr: 'croatian',
  bg: 'bulgarian', ro: 'romanian', hu: 'hungarian', el: 'greek', da: 'danish', sv: 'swedish', fi: 'finnish',
  et: 'estonian', lv: 'latvian', lt: 'lithuanian', mt: 'maltese', no: 'norwegian', nn: 'nynorsk', is: 'icelandic',
  ga: 'irish', cy: 'welsh', ca: 'catalan', eu: 'basque', gl: 'galician', sr: 'serbian', bs: 'bosnian',
  mk: 'macedonian', sq: 'albanian', be: 'belarusian', tr: 'turkish', ar: 'arabic', he: 'hebrew', fa: 'persian',
  hi: 'hindi', ur: 'urdu', bn: 'bengali', ta: 'tamil', te: 'telugu', mr: 'marathi', gu: 'gujarati', kn: 'kannada',
  ml: 'malayalam', pa: 'punjabi', zh: 'chinese', ja: 'japanese', ko: 'korean', vi: 'vietnamese', th: 'thai',
  id: 'indonesian', ms: 'malay', tl: 'tagalog', sw: 'swahili', af: 'afrikaans', az: 'azerbaijani', kk: 'kazakh',
  uz: 'uzbek', hy: 'armenian', ka: 'georgian', mn: 'mongolian', ne: 'nepali', si: 'sinhala', km: 'khmer',
  lo: 'lao', my: 'myanmar', am: 'amharic', yo: 'yoruba', so: 'somali', la: 'latin', lb: 'luxembourgish',
};

/** The OpenAI language name of an ISO 639-1 code; an unknown code is returned as written. */
export function languageName(code: string): string {
  return NAMES[code.toLowerCase()] ?? code.toLowerCase();
}

/** Whether Passerelle knows the name of this ISO 639-1 code. */
export function isKnownLanguage(code: string): boolean {
  return Object.hasOwn(NAMES, code.toLowerCase());
}
