/**
 * The only form in which a secret may be shown or logged: a known prefix and at most the last 4
 * characters (`hf_…abcd`). Hiding a fixed-length prefix instead leaks most of the secret when all
 * keys share a prefix (BerriAI/litellm#5433).
 */
export function maskSecret(secret: string): string {
  const prefix = /^(hf_|psk_|sk-)/.exec(secret)?.[1] ?? '';
  const last4 = secret.length >= 12 ? secret.slice(-4) : '';
  return `${prefix}…${last4}`;
}

// Bearer values, HF tokens, our own key prefix and OpenAI-style keys, wherever they appear in text.
const SECRET_PATTERNS: RegExp[] = [
  /\b(Bearer\s+)[^\s"',]+/gi,
  /\bhf_[A-Za-z0-9]{6,}/g,
  /\bpsk_[A-Za-z0-9_-]{6,}/g,
  /\bsk-[A-Za-z0-9_-]{6,}/g,
];

/** Replaces anything that looks like a secret in free text with its masked form. */
export function scrubSecrets(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const s of extra) if (s.length >= 6) out = out.split(s).join(maskSecret(s));
  for (const re of SECRET_PATTERNS) {
    out = out.replace(re, (match, bearer?: string) => (typeof bearer === 'string' && /^Bearer/i.test(bearer) ? `${bearer}${maskSecret(match.slice(bearer.length))}` : maskSecret(match)));
  }
  return out;
}
