import type { DiagnosticCheckDef } from '../diagnostic-check';
import { ToolError } from '../run-tool';

/** The guide's requirement: an NVIDIA GPU with CUDA 12.4+ (driver 550 or newer). */
export const REQUIRED_CUDA = [12, 4] as const;

export function parseDriverTable(text: string): { driver: string | null; cuda: string | null } {
  return {
    driver: /Driver Version\s*:?\s*([\d.]+)/i.exec(text)?.[1] ?? null,
    cuda: /CUDA Version\s*:?\s*([\d.]+)/i.exec(text)?.[1] ?? null,
  };
}

export function meetsCuda(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > REQUIRED_CUDA[0] || (major === REQUIRED_CUDA[0] && minor >= REQUIRED_CUDA[1]);
}

export const nvidiaDriverCheck: DiagnosticCheckDef = {
  id: 'nvidia-driver',
  title: 'NVIDIA driver and CUDA version (12.4+)',
  timeoutMs: 15_000,
  async run(ctx) {
    const command = ctx.config.nvidiaSmi;
    let text: string;
    try {
      text = await ctx.runTool(command, [], 12_000);
    } catch (err) {
      if (err instanceof ToolError && err.kind === 'missing') {
        return {
          status: 'warn', details: { command },
          message: `${command} was not found: this host has no NVIDIA driver. GPU models cannot load; CPU engines keep working.`,
          fix: 'On a GPU host: install the NVIDIA driver (550+, CUDA 12.4) and nvidia-container-toolkit, run the container with --gpus all, or point NVIDIA_SMI at nvidia-smi.',
        };
      }
      return {
        status: 'fail', details: { command },
        message: `nvidia-smi does not work: ${err instanceof Error ? err.message : String(err)}`,
        cause: 'The driver is not loaded, or its user-space libraries do not match the kernel module.',
        fix: 'Run nvidia-smi on the host; reinstall or reload the driver (a reboot after an upgrade), and check nvidia-container-toolkit.',
      };
    }
    const { driver, cuda } = parseDriverTable(text);
    const details = { command, driver, cuda, required: REQUIRED_CUDA.join('.') };
    if (cuda === null) return { status: 'warn', details, message: `nvidia-smi answered but printed no CUDA version (driver ${driver ?? 'unknown'}).`, fix: 'Check that nvidia-smi is NVIDIA\'s own tool (NVIDIA_SMI).' };
    if (!meetsCuda(cuda)) {
      return {
        status: 'fail', details,
        message: `Driver ${driver ?? '?'} supports CUDA ${cuda}; Passerelle needs CUDA 12.4 or newer.`,
        fix: 'Upgrade the NVIDIA driver to 550 or newer (CUDA 12.4), then restart the gateway.',
      };
    }
    return { status: 'ok', details, message: `Driver ${driver ?? '?'}, CUDA ${cuda} (12.4+ required).` };
  },
};
