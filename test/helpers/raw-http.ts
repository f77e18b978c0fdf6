import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends bytes exactly as written (duplicate headers, odd Host values, bodies that lie about their
 * size): what fetch and http.request would normalise away. Waits for the server to close or answer.
 */
export function rawRequest(url: string, head: string, body = ''): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => {
      socket.write(`${head.replace(/\n/g, '\r\n')}\r\n\r\n${body}`);
    });
    let data = '';
    socket.on('data', (d: Buffer) => {
      data += d.toString('utf8');
      const parsed = parse(data);
      if (parsed) {
        socket.destroy();
        resolve(parsed);
      }
    });
    socket.on('end', () => resolve(parse(data) ?? { status: 0, headers: {}, body: data }));
    socket.on('error', reject);
  });
}

function parse(data: string): RawResponse | null {
  const split = data.indexOf('\r\n\r\n');
  if (split === -1) return null;
  const [statusLine, ...lines] = data.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
  const body = data.slice(split + 4);
  const length = headers['content-length'];
  if (length !== undefined && Buffer.byteLength(body) < Number(length)) return null;
  if (length === undefined && headers['transfer-encoding'] === 'chunked' && !body.endsWith('0\r\n\r\n')) return null;
  return { status: Number(statusLine!.split(' ')[1]), headers, body: headers['transfer-encoding'] === 'chunked' ? dechunk(body) : body };
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}
