// Builds everything `npm start`, `npm run gateway` and the tests run:
//   out/gateway  the gateway CLI and its worker entries (Node, ESM, dependencies external)
//   out/main     the Electron main process (ESM)        out/preload  the sandboxed preload (one CJS file)
//   out/renderer the dashboard, built by Vite (also what FRONTEND_DIST points at by default)
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2]; // optional: gateway | main | renderer

const node = { platform: 'node', target: 'node20', bundle: true, sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };

async function buildGateway() {
  rmSync(join(root, 'out/gateway'), { recursive: true, force: true });
  await build({
    ...node,
    format: 'esm',
    packages: 'external',
    entryPoints: { cli: 'gateway/cli.ts', passerelle: 'gateway/passerelle.ts', ...gatewayWorkers() },
    outdir: 'out/gateway',
    banner: { js: '#!/usr/bin/env node' },
  });
}

/** Worker entries (one child process per loaded model) are added here as engines land. */
function gatewayWorkers() {
  const entries = { 'model-worker': 'gateway/engines/worker-main.ts' };
  return Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(join(root, file))));
}

async function buildMain() {
  if (!existsSync(join(root, 'main/index.ts'))) return;
  await build({ ...node, format: 'esm', packages: 'external', entryPoints: { index: 'main/index.ts' }, outdir: 'out/main' });
  // Sandboxed preloads cannot import ESM or npm packages: one self-contained CommonJS file.
  await build({ ...node, format: 'cjs', external: ['electron'], entryPoints: { index: 'main/preload/index.ts' }, outdir: 'out/preload', outExtension: { '.js': '.cjs' } });
}

function buildRenderer() {
  if (!existsSync(join(root, 'renderer/index.html'))) return;
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('renderer build failed');
}

if (!only || only === 'gateway') await buildGateway();
if (!only || only === 'main') await buildMain();
if (!only || only === 'renderer') buildRenderer();
