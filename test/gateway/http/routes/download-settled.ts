import type { ModelEntry } from '../../../../gateway/contract/models';
import type { TestGateway } from '../../../helpers/in-process-gateway';

/** The model's entry once its download is neither running nor queued (20 s at most). */
export async function untilSettled(gw: TestGateway, key: string): Promise<ModelEntry> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const entry = (await (await gw.admin(`/api/admin/models/${key}`)).json()) as ModelEntry;
    if (entry.download.state !== 'running' && entry.download.state !== 'queued') return entry;
    if (Date.now() > deadline) throw new Error(`download of ${key} still running`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
