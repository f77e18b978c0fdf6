import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { HubMetadata } from '../../../gateway/hub/hub-metadata';
import { checkAccess } from '../../../gateway/hub/access-check';

describe('hub metadata', async () => {
  // A hub that accepts connections and never answers (a black-holed proxy, a hung mirror).
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  afterAll(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });

  it('a hub that never answers: whoami and the preflight say unreachable within their time limit, never hang', async () => {
    const metadata = new HubMetadata(url, { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, 200);
    const started = Date.now();
    await expect(metadata.whoami('hf_testTokenNeverAnswered')).rejects.toMatchObject({ code: 'hub_unreachable', status: 502 });
    expect(await checkAccess(metadata, [{ repo: 'org/name', revision: 'main' }], null)).toMatchObject({ state: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 10_000);
});
