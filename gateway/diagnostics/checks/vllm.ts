import type { DiagnosticCheckDef } from '../diagnostic-check';
import { ToolError } from '../run-tool';

/** `vllm --version` imports torch: seconds. A good answer is kept for a while. */
const cache = new Map<string, { at: number; version: string }>();
const CACHE_MS = 10 * 60_000;

export const vllmCheck: DiagnosticCheckDef = {
  id: 'vllm',
  title: 'vLLM command (chat models)',
  timeoutMs: 35_000,
  async run(ctx) {
    const [command = 'vllm', ...rest] = ctx.config.vllmCommand;
    const key = ctx.config.vllmCommand.join(' ');
    const hit = cache.get(key);
    const details = { command: key };
    if (hit && Date.now() - hit.at < CACHE_MS) return { status: 'ok', details: { ...details, version: hit.version }, message: `vLLM ${hit.version} (${key}).` };
    try {
      const out = await ctx.runTool(command, [...rest, '--version'], 30_000);
      const version = /(\d+\.\d+(?:\.\d+)?\S*)\s*$/.exec(out.trim())?.[1] ?? out.trim().split('\n').pop() ?? 'unknown';
      cache.set(key, { at: Date.now(), version });
      return { status: 'ok', details: { ...details, version }, message: `vLLM ${version} (${key}).` };
    } catch (err) {
      const missing = err instanceof ToolError && err.kind === 'missing';
      return {
        status: missing ? 'warn' : 'fail', details,
        message: missing
          ? `${command} was not found: chat models with engine vllm cannot load here. Attached OpenAI-compatible upstreams still work.`
          : `${key} --version failed: ${(err as Error).message}`,
        fix: 'Install vLLM (pip install vllm) in the image or a virtual environment and set VLLM_COMMAND to it (e.g. /opt/venv/bin/vllm).',
      };
    }
  },
};

/** Tests reset the memo between cases. */
export function forgetVllmVersions(): void {
  cache.clear();
}
