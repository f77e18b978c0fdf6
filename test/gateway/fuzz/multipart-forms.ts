import fc from 'fast-check';
import type { z } from 'zod';
import { wavFile } from '../../fixtures/audio/wav-file';
import { shown } from './mutations';
import { fieldNames } from './zod-arbitrary';

export interface Form {
  label: string;
  contentType: string;
  body: Buffer;
}

const fileBytes: fc.Arbitrary<{ label: string; bytes: Buffer }> = fc.oneof(
  fc.constant({ label: 'a short WAV', bytes: wavFile({ data: Buffer.alloc(3200) }) }),
  fc.constant({ label: 'a WAV that lies about its size', bytes: wavFile({ data: Buffer.alloc(20), declaredDataBytes: 0x7fff_0000, riffSize: 0xffff_fff0 }) }),
  fc.constant({ label: 'an empty file', bytes: Buffer.alloc(0) }),
  fc.uint8Array({ maxLength: 512 }).map((b) => ({ label: 'random bytes', bytes: Buffer.from(b) })),
  fc.constant({ label: 'a RIFF header only', bytes: Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1') }),
);

/**
 * Multipart forms from a form schema of the contract: its text fields with generated values, a
 * `file` part, then one mutation (repeated fields, extra parts, two files, no file, a field of
 * 1 MB, bad UTF-8 names, a wrong or missing boundary, a truncated body).
 */
export function multipartForm(schema: z.ZodType): fc.Arbitrary<Form> {
  const names = fieldNames(schema);
  const fields = fc.array(fc.tuple(fc.constantFrom(...names), fc.oneof(fc.string({ maxLength: 16 }), fc.constantFrom('json', 'srt', 'true', '2', '0', 'auto', '{"type":"server_vad"}', 'data:audio/wav;base64,AAAA', 'en', 'pyannote'))), { maxLength: 8 });
  const mutation = fc.constantFrom('none', 'none', 'none', 'two files', 'no file', 'huge field', 'bad utf-8 name', 'wrong boundary', 'no boundary', 'truncated', 'many parts', 'file first field name[]');
  return fc.tuple(fields, fileBytes, mutation, fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 8, maxLength: 30 })).map(([pairs, file, m, tag]) => {
    const boundary = `fuzz${tag}`;
    const parts: Buffer[] = [];
    const field = (name: string, value: string | Buffer) => parts.push(Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`, 'latin1'), Buffer.from(value), Buffer.from('\r\n')]));
    const filePart = (bytes: Buffer) => parts.push(Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`, 'latin1'), bytes, Buffer.from('\r\n')]));
    for (const [k, v] of pairs) field(m === 'file first field name[]' ? `${k}[]` : k, v);
    if (m !== 'no file') filePart(file.bytes);
    if (m === 'two files') filePart(file.bytes);
    if (m === 'huge field') field('prompt', 'p'.repeat(1_000_000));
    if (m === 'bad utf-8 name') field('\xff\xfemodel', Buffer.from([0xff, 0xfe, 0xc3]));
    if (m === 'many parts') for (let i = 0; i < 300; i++) field(`x${i}`, 'v');
    let body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
    if (m === 'truncated') body = body.subarray(0, Math.floor(body.length / 2));
    const contentType = m === 'wrong boundary' ? 'multipart/form-data; boundary=other' : m === 'no boundary' ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`;
    return shown({ label: `${file.label}, ${m}`, contentType, body }, `${file.label}, ${m} (${body.length} bytes)`);
  });
}
