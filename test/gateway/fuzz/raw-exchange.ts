import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  /** Header names lower-cased; a repeated header keeps every value. */
  headers: Record<string, string[]>;
  body: Buffer;
}

export interface Exchange {
  answers: RawAnswer[];
  /** The server closed the connection (after its answers, or without any). */
  closed: boolean;
  timedOut: boolean;
  /** Bytes after the last complete answer: a torn or unparseable response. */
  leftover: number;
}

/**
 * Writes bytes exactly as given on one connection (several requests for pipelining, lies about
 * lengths, smuggling-shaped framing) and reads back every answer until `expected` answers came, the
 * server closed, or `timeoutMs` passed (a hang).
 */
export function exchange(port: number, bytes: Buffer, expected: number, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    const answers: RawAnswer[] = [];
    let settled = false;
    const finish = (closed: boolean, timedOut: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      // At close, a body without a length runs to the end of the stream.
      if (closed && data.length > 0) {
        const last = parseAnswer(data, true);
        if (last) {
          answers.push(last.answer);
          data = data.subarray(last.used);
        }
      }
      resolve({ answers, closed, timedOut, leftover: data.length });
    };
    const timer = setTimeout(() => finish(false, true), timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      for (let parsed = parseAnswer(data, false); parsed; parsed = parseAnswer(data, false)) {
        data = data.subarray(parsed.used);
        if (parsed.answer.status >= 200) answers.push(parsed.answer); // 1xx are interim
      }
      if (answers.length >= expected) finish(false, false);
    });
    socket.on('end', () => finish(true, false));
    socket.on('close', () => finish(true, false));
    socket.on('error', () => finish(true, false));
  });
}

function parseAnswer(data: Buffer, atEnd: boolean): { answer: RawAnswer; used: number } | null {
  const split = data.indexOf('\r\n\r\n');
  if (split === -1) return null;
  const [statusLine, ...lines] = data.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? NaN);
  if (!Number.isInteger(status)) return null;
  const headers: Record<string, string[]> = {};
  for (const l of lines) {
    const name = l.slice(0, l.indexOf(':')).trim().toLowerCase();
    (headers[name] ??= []).push(l.slice(l.indexOf(':') + 1).trim());
  }
  const start = split + 4;
  if (status < 200 || status === 204 || status === 304) return { answer: { status, headers, body: Buffer.alloc(0) }, used: start };
  if (headers['transfer-encoding']?.some((v) => v.toLowerCase().includes('chunked'))) {
    const chunks: Buffer[] = [];
    let at = start;
    for (;;) {
      const nl = data.indexOf('\r\n', at);
      if (nl === -1) return null;
      const size = parseInt(data.subarray(at, nl).toString('latin1'), 16);
      if (Number.isNaN(size)) return null;
      if (size === 0) {
        const end = data.indexOf('\r\n\r\n', nl);
        return end === -1 ? null : { answer: { status, headers, body: Buffer.concat(chunks) }, used: end + 4 };
      }
      if (data.length < nl + 2 + size + 2) return null;
      chunks.push(data.subarray(nl + 2, nl + 2 + size));
      at = nl + 2 + size + 2;
    }
  }
  const length = headers['content-length']?.[0];
  if (length !== undefined) {
    const n = Number(length);
    return data.length - start < n ? null : { answer: { status, headers, body: data.subarray(start, start + n) }, used: start + n };
  }
  return atEnd ? { answer: { status, headers, body: data.subarray(start) }, used: data.length } : null;
}

export interface RawRequest {
  method: string;
  target: string;
  version?: '1.1' | '1.0';
  /** In order, duplicates allowed, written exactly. */
  headers: Array<[string, string]>;
  body?: Buffer;
}

/** The bytes of one request; Content-Length is the caller's to write (or to lie about). */
export function requestBytes(r: RawRequest): Buffer {
  const head = `${r.method} ${r.target} HTTP/${r.version ?? '1.1'}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), r.body ?? Buffer.alloc(0)]);
}
