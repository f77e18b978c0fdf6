import type { DiagnosticCheckDef } from '../diagnostic-check';
import { readGpus } from '../read-gpus';

/** GPUs as the monitor sees them: what `gpu_device_ids` can name. */
export const gpusVisibleCheck: DiagnosticCheckDef = {
  id: 'gpus',
  title: 'GPUs visible',
  async run(ctx) {
    const snapshot = await readGpus(ctx);
    if (!snapshot) return { status: 'warn', message: 'The GPU monitor is not running in this gateway.', fix: 'Restart the gateway; see its log for the GPU monitor.' };
    const { gpus, status } = snapshot;
    const details = { monitor: status.state, count: gpus.length, gpus: gpus.map((g) => ({ index: g.index, name: g.name, uuid: g.uuid })) };
    if (gpus.length === 0) {
      return {
        status: 'warn', details,
        message: status.state === 'starting' ? 'The GPU monitor has not sampled yet.' : `No GPU is visible: ${status.message}.`,
        fix: 'On a GPU host: check nvidia-smi, run Docker with --gpus all, and NVIDIA_SMI. Without GPUs, CPU engines still work.',
      };
    }
    const names = [...new Set(gpus.map((g) => g.name))].join(', ');
    const restarting = status.state === 'restarting' ? ` (nvidia-smi is restarting: ${status.message})` : '';
    return { status: restarting ? 'warn' : 'ok', details, message: `${gpus.length} GPU(s): ${names}; indexes ${gpus.map((g) => g.index).join(', ')}${restarting}.` };
  },
};
