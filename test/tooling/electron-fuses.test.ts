import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

type Fuses = Record<string, boolean | undefined>;

/** electron-builder's own loader and schema check: a misspelled fuse name fails here, not at packaging. */
async function loadFuses(): Promise<Fuses | undefined> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = require('builder-util');
  const config = await getConfig(root, 'electron-builder.yml', null);
  await validateConfiguration(config, new DebugLogger(false));
  return (config as { electronFuses?: Fuses }).electronFuses;
}

/** Every fuse of the wire (@electron/fuses), by electron-builder's option name (`RunAsNode` → `runAsNode`). */
function fuseNames(): string[] {
  const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, string | number> };
  return Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k))).map((k) => k[0]!.toLowerCase() + k.slice(1));
}

// The hardened value of each security fuse; Electron's default is the opposite for every one of them
// (docs/tutorial/fuses.md), so a fuse left unset or at its default fails.
const HARDENED: Record<string, boolean> = {
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  grantFileProtocolExtraPrivileges: false,
};

describe('Electron fuses (electron-builder.yml electronFuses)', () => {
  let fuses: Fuses | undefined;
  beforeAll(async () => {
    fuses = await loadFuses();
  }, 60_000);

  it('sets every fuse of the wire explicitly, so an Electron upgrade that adds one asks for a decision', () => {
    expect(fuses, 'electronFuses in electron-builder.yml').toBeDefined();
    for (const name of fuseNames()) expect(typeof fuses![name], `electronFuses.${name}`).toBe('boolean');
  });

  it.each(Object.entries(HARDENED))('%s is flipped away from its default', (name, hardened) => {
    expect(fuses?.[name], `electronFuses.${name}`).toBe(hardened);
  });

  it('keeps runAsNode on only while the workers are forked with ELECTRON_RUN_AS_NODE, and says why in doc/console.md', () => {
    const workerEnv = readFileSync(join(root, 'gateway/engines/worker-env.ts'), 'utf8');
    const workersNeedIt = /ELECTRON_RUN_AS_NODE\s*=\s*'1'/.test(workerEnv);
    // When the workers stop needing it (utilityProcess, say), this fails until the fuse is turned off.
    expect(fuses?.runAsNode, 'runAsNode must be on exactly while gateway/engines/worker-env.ts sets ELECTRON_RUN_AS_NODE').toBe(workersNeedIt);
    if (workersNeedIt) expect(readFileSync(join(root, 'doc/console.md'), 'utf8')).toMatch(/runAsNode[^\n]*ELECTRON_RUN_AS_NODE/);
  });
});
