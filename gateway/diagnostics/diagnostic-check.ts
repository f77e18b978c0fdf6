import type { DiagnosticCheck, DiagnosticStatus } from '../contract/diagnostics';
import type { DiagnosticsContext } from './diagnostics-context';

/** What a check finds; the runner adds id, title and duration. */
export interface CheckResult {
  status: DiagnosticStatus;
  message: string;
  cause?: string;
  fix?: string;
  details?: Record<string, unknown>;
}

/**
 * One automatic check. `run` may throw or hang: the runner turns a throw into `fail` with its
 * message and a hang (past `timeoutMs`) into `fail` saying so, never a 500.
 */
export interface DiagnosticCheckDef {
  id: string;
  title: string;
  /** Defaults to 5 s. */
  timeoutMs?: number;
  run(ctx: DiagnosticsContext): CheckResult | Promise<CheckResult>;
}

export type { DiagnosticCheck };
