import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * A closed-loop HTTP load: `connections` keep-alive connections, each sending the next request as
 * soon as the previous answer ends, for `seconds`. Loopback only.
 */
export async function load(url: string, options: { connections: number; seconds: number; headers?: Record<string, string>; method?: string; body?: string }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const one = () => new Promise<void>((resolve) => {
    const started = performance.now();
    const req = request(url, { agent, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode && res.statusCode < 400) latencies.push(performance.now() - started);
        else errors++;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end(options.body);
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, async () => {
    while (performance.now() < deadline) await one();
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50Ms: q(0.5), p99Ms: q(0.99) };
}
