import { request } from 'node:http';
import { request as requestTls } from 'node:https';

export interface ProbeResult {
  status: number;
  body: string;
}

/**
 * One small GET with a deadline: readiness and health probes. Rejects on connection errors and
 * when the deadline passes; bodies are capped (a probe never needs more than a model list).
 */
export function probe(url: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? requestTls : request;
    const req = send(url, { method: 'GET', headers: { accept: 'application/json', ...headers }, timeout: timeoutMs }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 1024 * 1024) parts.push(c);
      });
      res.on('end', () => {
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') });
      });
      res.on('error', reject);
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => {
      clearTimeout(deadline);
      reject(err);
    });
    req.end();
  });
}

/** The model ids of an OpenAI `GET /v1/models` answer, or null when the body is not one. */
export function modelIds(body: string): string[] | null {
  try {
    const parsed = JSON.parse(body) as { data?: Array<{ id?: unknown }> };
    if (!Array.isArray(parsed.data)) return null;
    return parsed.data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return null;
  }
}
