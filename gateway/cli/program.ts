import { Command, CommanderError } from 'commander';
import { VERSION } from '../version';
import { DEFAULT_URL } from './connection';
import { CliError, EXIT } from './exit-codes';
import { modelsCommand } from './commands/models';
import { keysCommand } from './commands/keys';
import { systemCommands } from './commands/system';
import { completionCommand } from './commands/completion';

/** The `passerelle` command tree. `serve` runs the gateway itself; the rest talk to a running one. */
export function buildProgram(serve: () => Promise<void>): Command {
  const program = new Command('passerelle')
    .description('Passerelle: run the gateway (serve) or manage a running one')
    .version(VERSION, '-V, --version')
    .option('--url <url>', `the gateway (env PASSERELLE_URL, default ${DEFAULT_URL})`)
    .option('--token <token>', 'admin token (env PASSERELLE_ADMIN_TOKEN, else the token file under MODEL_CACHE_DIR)')
    .option('--json', 'print the contract object as JSON instead of a table')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  program.command('serve').description('start the gateway (configured by the environment, see doc/operations.md)').action(serve);
  systemCommands(program);
  modelsCommand(program);
  keysCommand(program);
  completionCommand(program);
  return program;
}

/** Parses, runs, and turns every failure into one line on stderr and its exit code (doc/cli.md). */
export async function runProgram(argv: string[], serve: () => Promise<void>): Promise<number> {
  const program = buildProgram(serve);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0; anything else is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof CliError) {
      process.stderr.write(`passerelle: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
      return err.exitCode;
    }
    process.stderr.write(`passerelle: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.gateway;
  }
}
