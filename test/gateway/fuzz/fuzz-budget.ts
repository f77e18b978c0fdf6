/**
 * How long and how hard the contract fuzzer runs. In `npm test`: a few seconds per property, so
 * the whole file stays under 30 s; `npm run fuzz` sets FUZZ_SECONDS for a long run. FUZZ_SEED
 * replays a run (the seed is printed at the start and in any failure, with fast-check's path).
 */
export interface FuzzBudget {
  seed: number;
  /** Wall-clock budget of each property, milliseconds. */
  perPropertyMs: number;
  /** Upper bound on cases per property, whatever the time. */
  maxRuns: number;
}

export function fuzzBudget(env: NodeJS.ProcessEnv = process.env): FuzzBudget {
  const seconds = Number(env.FUZZ_SECONDS ?? '') || 0;
  const seed = Number.isInteger(Number(env.FUZZ_SEED)) && env.FUZZ_SEED ? Number(env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  const long = seconds > 0;
  return { seed, perPropertyMs: long ? Math.ceil((seconds * 1000) / 4) : 5_000, maxRuns: long ? 1_000_000 : 400 };
}
