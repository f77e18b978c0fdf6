import type { DiagnosticsResponse } from '../contract/diagnostics';
import { ALL_CHECKS } from './all-checks';
import type { DiagnosticCheckDef } from './diagnostic-check';
import type { DiagnosticsContext, DiagnosticsSources } from './diagnostics-context';
import { loadOnnxRuntime } from './load-onnx-runtime';
import { runChecks } from './run-checks';
import { runTool } from './run-tool';

export type DiagnosticsOptions = Omit<DiagnosticsContext, 'runTool' | 'loadOnnxRuntime' | 'ffmpegCommand' | 'env' | 'sources'> & Partial<DiagnosticsContext>;

/**
 * `GET /api/diagnostics`: every check, in parallel, each bounded in time. Services owned by other
 * parts of the gateway plug into `sources` (token store, downloader, catalog) as they are built.
 */
export class Diagnostics {
  readonly sources: DiagnosticsSources;
  private readonly ctx: DiagnosticsContext;

  constructor(options: DiagnosticsOptions, private readonly checks: readonly DiagnosticCheckDef[] = ALL_CHECKS) {
    this.sources = options.sources ?? {};
    this.ctx = {
      runTool, loadOnnxRuntime, ffmpegCommand: 'ffmpeg', env: process.env, ...options, sources: this.sources,
    };
  }

  async run(): Promise<DiagnosticsResponse> {
    const checkedAt = new Date().toISOString();
    return { checks: await runChecks(this.checks, this.ctx), checkedAt };
  }
}
