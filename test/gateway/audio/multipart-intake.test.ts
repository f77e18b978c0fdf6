import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express, { type ErrorRequestHandler } from 'express';
import { request as httpRequest, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withAudioUpload } from '../../../gateway/audio/multipart-intake';
import { decodeAudioFile } from '../../../gateway/audio/decode-audio';
import { uploadDir } from '../../../gateway/audio/upload-dir';
import { isGatewayError } from '../../../gateway/errors';
import { pcm16Sine, wavFile } from '../../fixtures/audio/wav-file';
import { tempDir } from '../../helpers/temp-dir';

// Uploads of this file land in their own directory, so "no file left behind" is checked exactly.
process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'passerelle-intake-'));
const MAX_UPLOAD = 1 << 20;
const IDLE_MS = 500;
const BOMB = join(import.meta.dirname, '../../fixtures/audio/silence-10h.flac');
const work = tempDir('passerelle-intake-files-');

/** A real HTTP server with the intake and the decoder, answering what the route will answer. */
function intakeApp(): express.Express {
  const app = express();
  app.post('/upload', async (req, res, next) => {
    try {
      const body = await withAudioUpload(req, res, { maxUploadBytes: MAX_UPLOAD, idleTimeoutMs: IDLE_MS }, async (upload, signal) => {
        const audio = await decodeAudioFile(upload.path, { maxAudioSeconds: 60, signal });
        return { fields: upload.fields, filename: upload.filename, bytes: upload.bytes, duration: audio.durationSeconds, samples: audio.samples.length, mode: statSync(upload.path).mode & 0o777 };
      });
      res.json(body);
    } catch (err) {
      next(err);
    }
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    if (res.headersSent) return void res.end();
    if (isGatewayError(err)) res.status(err.status).json({ error: err.toErrorObject() });
    else res.status(500).json({ error: { message: String(err), code: 'internal' } });
  };
  app.use(onError);
  return app;
}

let server: Server;
let port: number;
beforeAll(async () => {
  server = intakeApp().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const second = wavFile({ data: pcm16Sine(1, 16_000) });

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; json: { error?: { code: string; message: string; param: string | null } } & Record<string, unknown> }

/** Sends a raw body (Buffer, or chunks written one by one) and reads the JSON answer. */
function raw(body: Buffer | Buffer[], headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/upload', method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
    });
    req.on('error', reject);
    for (const b of Array.isArray(body) ? body : [body]) req.write(b);
    req.end();
  });
}

const BOUNDARY = 'passerelleBoundary42';
function part(name: string, value: string | Buffer, filename?: string, type = 'audio/wav'): Buffer {
  const disposition = `form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}`;
  const head = `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${filename !== undefined ? `Content-Type: ${type}\r\n` : ''}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\r\n')]);
}
const end = Buffer.from(`--${BOUNDARY}--\r\n`);
const multipart = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

function post(parts: Buffer[], headers: Record<string, string> = multipart): Promise<Reply> {
  return raw(Buffer.concat([...parts, end]), headers);
}

async function expectNoUploadsLeft(): Promise<void> {
  // The file is removed as the handler settles; give the last close a moment on a loaded machine.
  for (let i = 0; i < 50 && existsSync(uploadDir()) && readdirSync(uploadDir()).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(existsSync(uploadDir()) ? readdirSync(uploadDir()) : []).toEqual([]);
}

describe('multipart intake over HTTP', () => {
  it('takes one file part and the fields, collecting name[] fields as arrays, in a private directory', async () => {
    const form = new FormData();
    form.append('model', 'canary');
    form.append('timestamp_granularities[]', 'word');
    form.append('timestamp_granularities[]', 'segment');
    form.append('known_speaker_names[]', 'agent');
    form.append('file', new Blob([second], { type: 'audio/wav' }), 'call.wav');
    const res = await fetch(`http://127.0.0.1:${port}/upload`, { method: 'POST', body: form });
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ filename: 'call.wav', bytes: second.length, duration: 1, samples: 16_000, mode: 0o600 });
    expect(body.fields).toEqual({ model: 'canary', timestamp_granularities: ['word', 'segment'], known_speaker_names: ['agent'] });
    expect(statSync(uploadDir()).mode & 0o777).toBe(0o700);
    await expectNoUploadsLeft();
  });

  it('refuses anything but multipart/form-data with 415', async () => {
    for (const type of ['application/json', 'audio/wav', 'application/x-www-form-urlencoded', '']) {
      const res = await raw(second, type ? { 'content-type': type } : {});
      expect([res.status, res.json.error?.code]).toEqual([415, 'unsupported_media_type']);
      expect(res.json.error?.message).toMatch(/multipart\/form-data only/);
    }
  });

  const malformed: Array<[string, () => Promise<Reply>, RegExp]> = [
    ['a missing boundary', () => post([part('file', second, 'a.wav')], { 'content-type': 'multipart/form-data' }), /boundary/i],
    ['a boundary mismatch', () => post([part('file', second, 'a.wav')], { 'content-type': 'multipart/form-data; boundary=other' }), /malformed|no "file" part/],
    ['an unterminated closing boundary', () => raw(Buffer.concat([part('model', 'x'), Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n`), second]), multipart), /closing boundary/],
    ['an empty field name', () => post([part('', 'x'), part('file', second, 'a.wav')]), /empty name/],
    ['a 300-character field name', () => post([part('a[b]'.repeat(75), 'x'), part('file', second, 'a.wav')]), /longer than 200/],
    ['10,000 parts', () => post([...Array.from({ length: 10_000 }, (_, i) => part(`f${i}`, 'x')), part('file', second, 'a.wav')]), /more than \d+ (parts|fields)/],
    ['two file parts', () => post([part('file', second, 'a.wav'), part('file', second, 'b.wav')]), /more than one file/],
    ['a file part with another name', () => post([part('audio', second, 'a.wav')]), /audio must be the "file" part/],
    ['no file part', () => post([part('model', 'canary')]), /no "file" part/],
    ['a scalar field given twice', () => post([part('model', 'a'), part('model', 'b'), part('file', second, 'a.wav')]), /given twice/],
  ];
  for (const [label, send, message] of malformed) {
    it(`answers ${label} with a clear 400 and leaves no file`, async () => {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.json.error?.message).toMatch(message);
      await expectNoUploadsLeft();
    });
  }

  it('never uses the client\'s file name as a path', async () => {
    for (const name of ['../../x.wav', 'C:\\x.wav', '\\\\attacker\\share\\x.wav', 'a'.repeat(4096) + '.wav', 'ok%00byte.wav']) {
      const res = await post([part('file', second, name)]);
      expect(res.json.error?.message).toBeUndefined();
      expect(res.status).toBe(200);
      expect(res.json.samples).toBe(16_000);
    }
    expect(existsSync(join(uploadDir(), '..', '..', 'x.wav'))).toBe(false);
    // A raw NUL is not allowed in a part header: refused as malformed, not written anywhere.
    const nul = await post([part('file', second, 'nul\u0000byte.wav')]);
    expect([nul.status, nul.json.error?.message]).toEqual([400, 'The multipart/form-data body is malformed: malformed part header.']);
    await expectNoUploadsLeft();
  });

  it('decodes by content: MP3 bytes named .wav and declared audio/wav', async () => {
    const mp3 = join(work, 'tone.mp3');
    const { execFileSync } = await import('node:child_process');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libmp3lame', mp3]);
    const res = await post([part('file', readFileSync(mp3), 'tone.wav', 'audio/wav')]);
    expect(res.status).toBe(200);
    expect(res.json.duration as number).toBeCloseTo(2, 1);
  });

  it('answers an upload just over MAX_UPLOAD_MB with 413, declared or chunked, and closes cleanly', async () => {
    const big = wavFile({ data: Buffer.alloc(MAX_UPLOAD + 1024) });
    const declared = await post([part('file', big, 'big.wav')]);
    expect([declared.status, declared.json.error?.code]).toEqual([413, 'request_too_large']);
    const chunked = await raw([part('file', big, 'big.wav'), end], { ...multipart, 'transfer-encoding': 'chunked' });
    expect([chunked.status, chunked.json.error?.code]).toEqual([413, 'request_too_large']);
    expect(chunked.headers.connection).toBe('close');
    await expectNoUploadsLeft();
    // The server is still fine.
    expect((await post([part('file', second, 'a.wav')])).status).toBe(200);
  });

  it('answers a text field over 4 MB with 413 naming it, and leaves no file', async () => {
    const res = await post([part('file', second, 'a.wav'), part('prompt', 'x'.repeat((4 << 20) + 1))]);
    expect([res.status, res.json.error?.code, res.json.error?.param]).toEqual([413, 'request_too_large', 'prompt']);
    await expectNoUploadsLeft();
  });

  it('answers 408 request_timeout to a client that stops sending mid-upload, and removes its file', async () => {
    const started = Date.now();
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/upload', method: 'POST', headers: { ...multipart, 'content-length': String(500_000) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
      });
      req.on('error', reject);
      req.write(part('file', Buffer.alloc(300_000), 'stalled.wav').subarray(0, 200_000));
    });
    expect([reply.status, reply.json.error?.code]).toEqual([408, 'request_timeout']);
    expect(reply.headers.connection).toBe('close');
    expect(Date.now() - started).toBeLessThan(IDLE_MS + 1500);
    await expectNoUploadsLeft();
    expect((await post([part('file', second, 'a.wav')])).status).toBe(200);
  });

  it('cleans up after a client that aborts mid-upload, and keeps serving', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/upload', method: 'POST', headers: { ...multipart, 'content-length': String(500_000) } });
      req.on('error', () => resolve());
      req.write(part('file', Buffer.alloc(300_000), 'half.wav').subarray(0, 200_000));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    await expectNoUploadsLeft();
    expect((await post([part('file', second, 'a.wav')])).status).toBe(200);
  });
});

describe('bad audio through HTTP', () => {
  const data = pcm16Sine(1, 16_000);
  const cases: Array<[string, Buffer, number, string]> = [
    ['0-byte file', Buffer.alloc(0), 400, 'invalid_audio'],
    ['44-byte header only', wavFile({}), 400, 'invalid_audio'],
    ['data size 4 GB on a small file', wavFile({ data, declaredDataBytes: 0xfffffff0 }), 400, 'invalid_audio'],
    ['sample rate 0', wavFile({ sampleRate: 0, data }), 400, 'invalid_audio'],
    ['sample rate 655350 with 8 channels', wavFile({ sampleRate: 655_350, channels: 8, data: Buffer.alloc(16 * 100) }), 400, 'invalid_audio'],
    ['0 channels', wavFile({ channels: 0, blockAlign: 2, data }), 400, 'invalid_audio'],
    ['255 channels', wavFile({ channels: 255, data: Buffer.alloc(5100) }), 400, 'invalid_audio'],
    ['0 bits', wavFile({ bitsPerSample: 0, blockAlign: 2, data }), 400, 'invalid_audio'],
    ['7 bits', wavFile({ bitsPerSample: 7, blockAlign: 1, data }), 400, 'invalid_audio'],
    ['64-bit integers', wavFile({ bitsPerSample: 64, data }), 400, 'invalid_audio'],
    ['NaN floats', wavFile({ formatCode: 3, bitsPerSample: 32, data: Buffer.from(new Float32Array(8000).fill(NaN).buffer) }), 400, 'invalid_audio'],
    ['random bytes', Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251)), 400, 'invalid_audio'],
    ['a truncated MP3', Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000'), 400, 'invalid_audio'],
    ['a FLAC decompression bomb (10 h of silence)', readFileSync(BOMB), 413, 'audio_too_long'],
  ];
  for (const [label, bytes, status, code] of cases) {
    it(`${label} → ${status} ${code}, no file left`, async () => {
      const res = await post([part('file', bytes, 'x.wav')]);
      expect([res.status, res.json.error?.code]).toEqual([status, code]);
      expect(res.json.error?.message.length).toBeGreaterThan(20);
      await expectNoUploadsLeft();
    });
  }
});
