import fc from 'fast-check';

/** A generated value that fast-check prints as a short label (counterexamples hold MB-sized bodies). */
export function shown<T extends object>(value: T, text: string): T {
  return Object.assign(value, { [fc.toStringMethod]: () => text });
}

/** Values of the wrong type for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308, -0, '', [], {}, '__proto__', 'NaN', '9'.repeat(400)),
  fc.double(), fc.string({ maxLength: 8 }), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }),
);

/** Nested arrays or objects `depth` deep: a recursive walk must neither overflow nor hang. */
const deep = (depth: number, asObject: boolean): string => (asObject ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth));

/**
 * One JSON body mutation, applied to a valid-ish value: the result is the raw bytes sent, so it
 * may stop being JSON at all (bad UTF-8, duplicate keys, truncation) or be JSON far too big.
 */
export const jsonBody = (value: unknown): fc.Arbitrary<{ label: string; bytes: Buffer }> => jsonMutation(value).map((b) => shown(b, `${b.label}: ${b.bytes.subarray(0, 120).toString('latin1')}${b.bytes.length > 120 ? `… (${b.bytes.length} bytes)` : ''}`));

const jsonMutation = (value: unknown): fc.Arbitrary<{ label: string; bytes: Buffer }> => fc.oneof(
  { weight: 4, arbitrary: fc.constant({ label: 'as generated', bytes: Buffer.from(JSON.stringify(value) ?? '') }) },
  { weight: 3, arbitrary: fc.tuple(fc.nat(), wrongValue).map(([i, v]) => ({ label: 'a field of the wrong type', bytes: Buffer.from(JSON.stringify(replaceField(value, i, v)) ?? 'null') })) },
  { weight: 1, arbitrary: wrongValue.map((v) => ({ label: 'the body of the wrong type', bytes: Buffer.from(JSON.stringify(v) ?? 'null') })) },
  { weight: 1, arbitrary: fc.nat().map((i) => ({ label: 'a huge string field', bytes: Buffer.from(JSON.stringify(replaceField(value, i, 'x'.repeat(2_000_000)))) })) },
  { weight: 1, arbitrary: fc.nat().map((i) => ({ label: 'a huge array field', bytes: Buffer.from(JSON.stringify(replaceField(value, i, Array.from({ length: 50_000 }, (_, k) => ({ role: 'user', content: String(k) }))))) })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(1_000, 100_000), fc.boolean()).map(([d, o]) => ({ label: `nesting ${d} deep`, bytes: Buffer.from(`{"model":"m","messages":${deep(d, o)},"input":${deep(d, o)}}`) })) },
  { weight: 1, arbitrary: fc.constant({ label: 'prototype keys', bytes: Buffer.from(`{"__proto__":{"admin":true,"model":"x"},"constructor":{"prototype":{"polluted":1}},"model":"constructor","name":"__proto__","toString":1}`) }) },
  { weight: 1, arbitrary: fc.constant({ label: 'duplicate keys', bytes: Buffer.from(`${(JSON.stringify(value) ?? '{}').replace(/}$/, '')}${JSON.stringify(value)?.startsWith('{') && JSON.stringify(value) !== '{}' ? ',' : ''}"model":{"a":1},"model":[1],"name":7}`) }) },
  { weight: 1, arbitrary: fc.constantFrom<[string, Buffer]>(
    ['bad UTF-8', Buffer.from([0x7b, 0x22, 0x6d, 0x6f, 0x64, 0x65, 0x6c, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d])],
    ['a lone surrogate escape', Buffer.from('{"model":"\\ud800","name":"\\udfff"}')],
    ['truncated JSON', Buffer.from('{"model":"a","messages":[{"role":')],
    ['not JSON', Buffer.from('model=a&name=b')],
    ['an empty body', Buffer.alloc(0)],
    ['NUL bytes', Buffer.from('{"model":"a\u0000b","name":"\u0000"}')],
    ['a number out of range', Buffer.from('{"model":"a","temperature":1e999,"max_tokens":-1e999,"limit":1e999}')],
    ['a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"bom"}')])],
  ).map(([label, bytes]) => ({ label, bytes })) },
);

/** `value` with its i-th top-level field (or itself, when not an object) replaced. */
function replaceField(value: unknown, i: number, replacement: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return { model: replacement };
  return { ...value, [keys[i % keys.length]!]: replacement };
}

/** A query string from generated values, sometimes mangled (arrays, bad percent-encoding, huge). */
export const queryString = (value: unknown): fc.Arbitrary<string> => fc.oneof(
  { weight: 3, arbitrary: fc.constant(encodeQuery(value).slice(0, 4000)) },
  { weight: 1, arbitrary: fc.constantFrom('?limit=-1&limit=2', '?%ff%fe=%c3%28', '?a=%', '?since=__proto__&__proto__[x]=1', `?limit=${'9'.repeat(500)}`, `?q=${'a'.repeat(7_000)}`, '?&&&=&', '?windowSeconds=NaN&stream=maybe') },
);

function encodeQuery(value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const parts = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Headers around the request's own: duplicates, odd content types, a 64 KB header, bad bytes. */
type Extra = { label: string; headers: Array<[string, string]>; contentType?: string };
export const extraHeaders: fc.Arbitrary<Extra> = fc.oneof<Array<fc.WeightedArbitrary<Extra>>>(
  { weight: 5, arbitrary: fc.constant({ label: 'none', headers: [] }) },
  { weight: 1, arbitrary: fc.constant({ label: 'duplicate content-type', headers: [['Content-Type', 'text/plain']] as Array<[string, string]> }) },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-16', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json;;;', 'x'.repeat(3000)).map((t) => ({ label: `content-type ${t.slice(0, 40)}`, headers: [], contentType: t })) },
  { weight: 1, arbitrary: fc.constantFrom(16_000, 65_536).map((n) => ({ label: `a ${n}-byte header`, headers: [['X-Filler', 'a'.repeat(n)]] as Array<[string, string]> })) },
  { weight: 1, arbitrary: fc.constant({ label: 'duplicate authorization', headers: [['Authorization', 'Bearer wrong-token-wrong-token-1']] as Array<[string, string]> }) },
  { weight: 1, arbitrary: fc.constant({ label: 'bad bytes in a header', headers: [['X-Bytes', '\xff\xfe\xc3\x28'], ['Accept-Language', '\xe9t\xe9']] as Array<[string, string]> }) },
  { weight: 1, arbitrary: fc.constant({ label: 'cross-site and odd accept', headers: [['Origin', 'https://evil.example'], ['Sec-Fetch-Site', 'cross-site'], ['Accept', 'text/event-stream'], ['Accept-Encoding', 'gzip, br, zstd']] as Array<[string, string]> }) },
).map((e) => shown(e, e.label));
