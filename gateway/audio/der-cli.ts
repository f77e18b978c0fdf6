import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { corpusDer } from './der';
import { formatDerTable } from './der-table';
import { parseRttm } from './rttm';

/**
 * `npm run der -- [--collar 0.5] [--skip-overlap] reference.rttm hypothesis.rttm`: prints DER per
 * file and for the corpus, with its components in seconds, as pyannote.metrics reports it.
 */
function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { collar: { type: 'string', default: '0' }, 'skip-overlap': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const collar = Number(values.collar);
  if (positionals.length !== 2 || !Number.isFinite(collar) || collar < 0) {
    console.error('usage: npm run der -- [--collar SECONDS] [--skip-overlap] [--json] reference.rttm hypothesis.rttm');
    return 2;
  }
  const [reference, hypothesis] = positionals.map((p) => parseRttm(readFileSync(p, 'utf8')));
  const result = corpusDer(reference!, hypothesis!, { collar, skipOverlap: values['skip-overlap'] });
  console.log(values.json ? JSON.stringify(result, null, 2) : formatDerTable(result));
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
