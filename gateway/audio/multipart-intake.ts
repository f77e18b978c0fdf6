import type { Request, Response } from 'express';
import busboy, { type Busboy, type FieldInfo, type FileInfo } from 'busboy';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GatewayError } from '../errors';
import { newUploadPath } from './upload-dir';

/** The form of an audio request: fields by name (repeated `name[]` fields as arrays) and the file on disk. */
export interface AudioUpload {
  fields: FormFields;
  /** Temporary file, removed when the handler of withAudioUpload settles. */
  path: string;
  /** As the client named it: for display and RTTM uris only, never for a path. */
  filename: string;
  /** As the client declared it; the decoder looks at the bytes instead. */
  mimeType: string;
  bytes: number;
}

export type FormFields = Record<string, string | string[]>;

export interface UploadLimits {
  /** MAX_UPLOAD_MB in bytes: the file part's limit. */
  maxUploadBytes: number;
  maxFields?: number;
  maxParts?: number;
  /** Per text field; known_speaker_references[] carry 2–10 s of audio as data URLs. */
  maxFieldBytes?: number;
  /** All text fields together. */
  maxFieldsTotalBytes?: number;
  /** Longest silence of the client in the middle of its upload (the server has no request timeout). */
  idleTimeoutMs?: number;
}

const DEFAULTS = { maxFields: 32, maxParts: 40, maxFieldBytes: 4 << 20, maxFieldsTotalBytes: 16 << 20, idleTimeoutMs: 60_000 };
const MAX_NAME = 200;
const FIELD_HINT = 'Send the audio as multipart/form-data with one "file" part and the fields of doc/api.md.';

/**
 * Receives a multipart/form-data audio request (the guide's rule: nothing else is accepted),
 * streams its one file part to a temporary file capped at MAX_UPLOAD_MB, runs `handler`, and
 * removes the file in every outcome: success, error, client abort. The signal given to the handler
 * aborts when the client goes away.
 */
export async function withAudioUpload<T>(req: Request, res: Response, limits: UploadLimits, handler: (upload: AudioUpload, signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) controller.abort(new GatewayError('invalid_request', 'The client closed the connection; the request was cancelled.'));
  };
  res.on('close', onClose);
  const path = await newUploadPath();
  try {
    const upload = await receive(req, res, path, { ...DEFAULTS, ...limits });
    controller.signal.throwIfAborted();
    return await handler(upload, controller.signal);
  } finally {
    res.off('close', onClose);
    await rm(path, { force: true });
  }
}

function receive(req: Request, res: Response, path: string, limits: Required<UploadLimits>): Promise<AudioUpload> {
  checkContentType(req);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limits.maxUploadBytes + limits.maxFieldsTotalBytes) {
    res.setHeader('Connection', 'close');
    throw uploadTooLarge(limits.maxUploadBytes);
  }
  let parser: Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: limits.maxUploadBytes, files: 1, fields: limits.maxFields, parts: limits.maxParts, fieldSize: limits.maxFieldBytes, fieldNameSize: 200, headerPairs: 20 } });
  } catch (err) {
    throw new GatewayError('invalid_request', `The multipart/form-data body cannot be read: ${(err as Error).message}.`, { hint: 'Let the HTTP client build the Content-Type: it must carry the boundary (multipart/form-data; boundary=…).', cause: err });
  }
  return new FormReader(req, res, path, limits, parser).read();
}

function checkContentType(req: Request): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    throw new GatewayError('unsupported_media_type', `Audio routes accept multipart/form-data only, not ${type ? `"${type}"` : 'a body without Content-Type'}.`, { hint: FIELD_HINT });
  }
}

function uploadTooLarge(maxBytes: number): GatewayError {
  return new GatewayError('request_too_large', `The upload is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB this gateway accepts.`, { param: 'file', hint: 'Send a shorter or more compressed file (FLAC, Opus, MP3), or raise MAX_UPLOAD_MB on the gateway.' });
}

/** One request's parse: collects fields, writes the file, settles once. */
class FormReader {
  private readonly fields: FormFields = {};
  private fieldBytes = 0;
  private file: { filename: string; mimeType: string; bytes: number; done: Promise<void> } | null = null;
  private out: WriteStream | null = null;
  private fileStream: Readable | null = null;
  private settled = false;
  private idle: NodeJS.Timeout | undefined;
  private resolve!: (u: AudioUpload) => void;
  private reject!: (e: unknown) => void;

  constructor(private readonly req: Request, private readonly res: Response, private readonly path: string, private readonly limits: Required<UploadLimits>, private readonly parser: Busboy) {}

  read(): Promise<AudioUpload> {
    const result = new Promise<AudioUpload>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const p = this.parser;
    p.on('field', (name: string, value: string, info: FieldInfo) => this.onField(name, value, info));
    p.on('file', (name: string, stream: Readable, info: FileInfo) => this.onFile(name, stream, info));
    p.on('filesLimit', () => this.fail(new GatewayError('invalid_request', 'The form has more than one file part.', { param: 'file', hint: FIELD_HINT })));
    p.on('fieldsLimit', () => this.fail(new GatewayError('invalid_request', `The form has more than ${this.limits.maxFields} fields.`, { hint: FIELD_HINT })));
    p.on('partsLimit', () => this.fail(new GatewayError('invalid_request', `The form has more than ${this.limits.maxParts} parts.`, { hint: FIELD_HINT })));
    p.on('error', (err: Error) => this.fail(malformed(err)));
    p.on('close', () => void this.finish());
    this.req.on('close', () => {
      clearTimeout(this.idle);
      if (!this.req.complete) this.fail(new GatewayError('invalid_request', 'The client aborted the upload before its end.'));
    });
    // A client that stops sending would otherwise hold its socket and partial file for ever.
    this.req.on('data', this.armIdle);
    this.req.on('end', () => clearTimeout(this.idle));
    this.armIdle();
    this.req.pipe(p);
    return result;
  }

  private readonly armIdle = (): void => {
    clearTimeout(this.idle);
    if (this.settled) return;
    this.idle = setTimeout(() => {
      this.res.setHeader('Connection', 'close');
      this.fail(new GatewayError('request_timeout', `The upload stopped: no bytes arrived for ${Math.round(this.limits.idleTimeoutMs / 1000)} s before its end.`, { hint: 'Check the network between the client and the gateway, and send the file again.' }));
    }, this.limits.idleTimeoutMs);
  };

  private onField(name: string, value: string, info: FieldInfo): void {
    if (this.settled) return;
    // busboy gives undefined for an empty name (the multer crash of CVE-2025-48997).
    if (!name) return this.fail(new GatewayError('invalid_request', 'A form field has an empty name.', { hint: FIELD_HINT }));
    if (name.length > MAX_NAME || info.nameTruncated) return this.fail(new GatewayError('invalid_request', `A form field name is longer than ${MAX_NAME} characters.`, { hint: FIELD_HINT }));
    this.fieldBytes += value.length;
    if (info.valueTruncated || this.fieldBytes > this.limits.maxFieldsTotalBytes) {
      return this.fail(new GatewayError('request_too_large', `The form field "${name.slice(0, 64)}" is too large (at most ${this.limits.maxFieldBytes >> 20} MB per field, ${this.limits.maxFieldsTotalBytes >> 20} MB in all).`, { param: name.slice(0, 64) }));
    }
    if (name.endsWith('[]')) {
      const key = name.slice(0, -2);
      const list = this.fields[key];
      this.fields[key] = Array.isArray(list) ? [...list, value] : list === undefined ? [value] : [list, value];
    } else if (this.fields[name] !== undefined) {
      this.fail(new GatewayError('invalid_request', `The form field "${name.slice(0, 64)}" is given twice.`, { param: name.slice(0, 64), hint: 'Send it once; only fields named with [] take several values.' }));
    } else this.fields[name] = value;
  }

  private onFile(name: string, stream: Readable, info: FileInfo): void {
    stream.on('error', (err: Error) => this.fail(malformed(err)));
    if (this.settled || name !== 'file') {
      stream.resume();
      if (!this.settled) this.fail(new GatewayError('invalid_request', `The form has a file part named "${String(name ?? '').slice(0, 64)}"; the audio must be the "file" part.`, { param: 'file', hint: FIELD_HINT }));
      return;
    }
    this.fileStream = stream;
    const out = createWriteStream(this.path, { flags: 'wx', mode: 0o600 });
    this.out = out;
    const file = { filename: info.filename ?? '', mimeType: info.mimeType ?? '', bytes: 0, done: new Promise<void>((resolve, reject) => { out.on('close', resolve); out.on('error', reject); }) };
    file.done.catch(() => undefined); // a failure is reported by fail(); this promise is awaited only on success
    this.file = file;
    stream.on('data', (chunk: Buffer) => (file.bytes += chunk.length));
    stream.on('limit', () => {
      this.res.setHeader('Connection', 'close');
      this.fail(uploadTooLarge(this.limits.maxUploadBytes));
    });
    stream.pipe(out);
  }

  private async finish(): Promise<void> {
    if (this.settled) return;
    if (!this.file) return this.fail(new GatewayError('invalid_request', 'The form has no "file" part.', { param: 'file', hint: FIELD_HINT }));
    try {
      await this.file.done;
    } catch (err) {
      return this.fail(err);
    }
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.idle);
    const { filename, mimeType, bytes } = this.file;
    this.resolve({ fields: this.fields, path: this.path, filename, mimeType, bytes });
  }

  /** Settles with the first error; stops writing; lets the rest of the body drain (Node closes the connection after the answer where asked). */
  private fail(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.idle);
    this.req.unpipe(this.parser);
    this.req.resume();
    if (this.out) this.fileStream?.unpipe(this.out);
    this.fileStream?.resume();
    this.out?.destroy();
    const out = this.out;
    const done = out && !out.closed ? new Promise<void>((r) => out.once('close', () => r())) : Promise.resolve();
    void done.then(() => this.reject(err));
  }
}

function malformed(err: Error): GatewayError {
  const reason = /Unexpected end of form/i.test(err.message) ? 'it ended before its closing boundary' : err.message.replace(/^Multipart: /, '').toLowerCase();
  return new GatewayError('invalid_request', `The multipart/form-data body is malformed: ${reason}.`, { hint: FIELD_HINT, cause: err });
}
