import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  modulePath: string;
  execArgv: string[];
}

/**
 * The file a model worker runs. The built gateway (out/gateway/cli.js) has model-worker.js beside
 * it; from source (tests, tsx) the TypeScript entry runs through tsx's loader.
 */
export function workerEntry(): WorkerEntry {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, 'model-worker.js');
  if (existsSync(built)) return { modulePath: built, execArgv: ['--enable-source-maps'] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { modulePath: join(here, 'worker-main.ts'), execArgv: ['--import', tsx] };
}
