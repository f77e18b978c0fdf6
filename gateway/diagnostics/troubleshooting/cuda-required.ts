import type { CheckResult, DiagnosticCheckDef } from '../diagnostic-check';
import { readGpus } from '../read-gpus';

const CAUSE = 'GPU not visible in the container.';
const FIX = 'Check nvidia-smi (on the host and in the container), run Docker with --gpus all, and check CUDA_VISIBLE_DEVICES.';
const RECENT_MS = 24 * 3600_000;

/** Guide row « Chargement modèle échoue avec « CUDA requis » ». */
export const cudaRequiredCheck: DiagnosticCheckDef = {
  id: 'troubleshooting.cuda-required',
  title: 'Model load fails with « CUDA requis »',
  async run(ctx): Promise<CheckResult> {
    const gpus = (await readGpus(ctx))?.gpus ?? [];
    const failures = (ctx.events?.query({ since: new Date(Date.now() - RECENT_MS).toISOString(), level: 'error', limit: 5000 }) ?? [])
      .filter((e) => /gpu_required|CUDA requis|requires a GPU/i.test(`${e.message} ${JSON.stringify(e.data ?? {})}`));
    const visible = ctx.env.CUDA_VISIBLE_DEVICES;
    const hidden = visible !== undefined && /^\s*(-1|NoDevFiles|none)?\s*$/i.test(visible);
    const details = { gpus: gpus.length, cudaVisibleDevices: visible ?? null, recentFailures: failures.length };
    if (gpus.length > 0 && !hidden) {
      return { status: 'ok', details, message: `${gpus.length} GPU(s) visible${failures.length ? `; ${failures.length} earlier load(s) failed with « CUDA requis » in the last 24 h, before the GPUs were visible` : ''}.` };
    }
    const why = hidden ? `CUDA_VISIBLE_DEVICES="${visible}" hides every GPU from the gateway and its workers` : 'no GPU is visible to the gateway';
    if (failures.length > 0) {
      const models = [...new Set(failures.map((f) => f.model).filter(Boolean))].join(', ');
      return { status: 'fail', details, cause: CAUSE, fix: FIX, message: `${failures.length} model load(s) failed with « CUDA requis » in the last 24 h${models ? ` (${models})` : ''}: ${why}.` };
    }
    return { status: 'warn', details, cause: CAUSE, fix: FIX, message: `Loading a GPU model would fail with « CUDA requis »: ${why}.` };
  },
};
