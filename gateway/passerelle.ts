import { runProgram } from './cli/program';

/**
 * `passerelle`: `serve` (or no argument, as `passerelle-gateway` always was) runs the gateway of
 * cli.ts, which starts as soon as it is imported; every other command is a client of a running one.
 */
const serve = async (): Promise<void> => {
  await import('./cli');
};

const argv = process.argv.slice(2);
if (argv.length === 0) await serve();
else {
  const code = await runProgram(argv, serve);
  // serve keeps running (the server holds the event loop); client commands end here.
  if (argv[0] !== 'serve' || code !== 0) process.exit(code);
}
