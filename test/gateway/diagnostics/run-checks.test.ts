import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../gateway/diagnostics/run-checks';
import { Diagnostics } from '../../../gateway/diagnostics/diagnostics';
import type { DiagnosticCheckDef } from '../../../gateway/diagnostics/diagnostic-check';
import { DiagnosticsResponse } from '../../../gateway/contract/diagnostics';
import { ALL_CHECKS } from '../../../gateway/diagnostics/all-checks';
import { diagnosticsContext } from '../../helpers/diagnostics-context';

describe('diagnostics runner', () => {
  it('turns a throwing check into a fail row and a hanging one into a timeout, in parallel', async () => {
    const checks: DiagnosticCheckDef[] = [
      { id: 'throws', title: 'Throws', run: () => { throw new Error('boom'); } },
      { id: 'hangs', title: 'Hangs', timeoutMs: 300, run: () => new Promise(() => {}) },
      { id: 'slow', title: 'Slow', run: () => new Promise((r) => setTimeout(() => r({ status: 'ok', message: 'fine' }), 250)) },
    ];
    const started = Date.now();
    const rows = await runChecks(checks, diagnosticsContext());
    expect(Date.now() - started).toBeLessThan(1000);
    expect(rows.map((r) => [r.id, r.status])).toEqual([['throws', 'fail'], ['hangs', 'fail'], ['slow', 'ok']]);
    expect(rows[0]!.message).toBe('The check itself failed: boom');
    expect(rows[1]!.message).toBe('The check did not finish within 0.3 s.');
    expect(rows[2]!.durationMs).toBeGreaterThanOrEqual(200);
  });

  it('runs the whole table on this machine: every guide row and dependency, valid against the contract', async () => {
    const report = await new Diagnostics(diagnosticsContext()).run();
    expect(DiagnosticsResponse.parse(report)).toEqual(report);
    expect(report.checks.map((c) => c.id)).toEqual(ALL_CHECKS.map((c) => c.id));
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining([
      'onnxruntime', 'nvidia-driver', 'gpus', 'ffmpeg', 'vllm', 'hf-token', 'model-cache', 'frontend-dist',
      'troubleshooting.download-stuck', 'troubleshooting.cuda-required', 'troubleshooting.pyannote-checkpoints', 'troubleshooting.api-401', 'troubleshooting.dashboard-empty',
    ]));
    for (const c of report.checks) if (c.status !== 'ok') expect(c.fix, c.id).toBeTruthy();
  });
});
