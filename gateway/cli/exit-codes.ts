/** The exit codes of `passerelle` (doc/cli.md): scripts branch on them, so they never change meaning. */
export const EXIT = { ok: 0, gateway: 1, usage: 2, connect: 3, auth: 4 } as const;

/** A failure the CLI reports in one line and turns into its exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number, readonly hint?: string) {
    super(message);
  }
}
