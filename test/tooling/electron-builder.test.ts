import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; scripts: Record<string, string> };

interface BuilderConfig {
  files: Array<{ filter: string[] }>;
  asarUnpack: string[];
  linux: { target: string[]; files: Array<{ filter: string[] } | string> };
  mac: { target: string; files: Array<{ filter: string[] } | string>; extendInfo: Record<string, string>; entitlements: string };
  win: { target: string; files: Array<{ filter: string[] } | string> };
}

/** electron-builder's own loader and JSON-schema validation, as `electron-builder` runs them first. */
async function loadBuilderConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = require('builder-util');
  const config = await getConfig(root, 'electron-builder.yml', null);
  await validateConfiguration(config, new DebugLogger(false));
  return config as BuilderConfig;
}

function build(what: string): void {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), what], { cwd: root, stdio: 'inherit' });
}

describe('packaging (electron-builder.yml; packaging itself needs Electron from GitHub and runs elsewhere)', () => {
  let config: BuilderConfig;
  beforeAll(async () => {
    // main and preload are quick to build; the gateway and the renderer are built when missing.
    build('main');
    if (!existsSync(join(root, 'out/gateway/cli.js'))) build('gateway');
    if (!existsSync(join(root, 'out/renderer/index.html'))) build('renderer');
    config = await loadBuilderConfig();
  }, 180_000);

  it('passes electron-builder\'s schema, for Linux, macOS and Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toBeTruthy();
    expect(existsSync(join(root, config.mac.entitlements))).toBe(true);
    expect(existsSync(join(root, 'build/icon.png'))).toBe(true);
  });

  it('packs what the app loads, built: main, preload, renderer and the gateway', () => {
    const files = config.files[0]!.filter;
    expect(files).toContain('out/**');
    expect(files).toContain('package.json');
    for (const f of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html', 'out/gateway/cli.js']) {
      expect(existsSync(join(root, f)), `${f} after the build`).toBe(true);
    }
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder --config electron-builder.yml');
  });

  it('unpacks onnxruntime-node\'s binding next to its library, and leaves other platforms out', () => {
    expect(config.asarUnpack).toContain('**/node_modules/onnxruntime-node/bin/**');
    for (const f of ['onnxruntime_binding.node', 'libonnxruntime.so.1']) {
      expect(existsSync(join(root, 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64', f))).toBe(true);
    }
    // getConfig normalises some platforms' `files` to [{ filter }] and leaves others as written.
    const excluded = (p: { files: Array<{ filter: string[] } | string> }) => p.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter)).join(' ');
    expect(excluded(config.linux)).toBe('!**/node_modules/onnxruntime-node/bin/napi-v6/{darwin,win32}/**');
    expect(excluded(config.mac)).toBe('!**/node_modules/onnxruntime-node/bin/napi-v6/{linux,win32}/**');
    expect(excluded(config.win)).toBe('!**/node_modules/onnxruntime-node/bin/napi-v6/{linux,darwin}/**');
  });

  it('ships bundles that import only runtime dependencies (devDependencies are not packed)', () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), 'electron', ...builtinModules]);
    for (const bundle of ['out/main/index.js', 'out/gateway/cli.js']) {
      const specifiers = [...readFileSync(join(root, bundle), 'utf8').matchAll(/\bfrom\s*"([^".][^"]*)"|\bimport\(\s*"([^".][^"]*)"\s*\)/g)].map((m) => (m[1] ?? m[2])!);
      for (const s of specifiers) {
        const name = s.startsWith('node:') ? s.slice(5) : s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!;
        expect(allowed.has(name) || allowed.has(s.slice(5)), `${bundle} imports ${s}`).toBe(true);
      }
    }
  });

  it('builds the preload as one CommonJS file that requires only electron (sandboxed preloads can do no more)', () => {
    const preload = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).toContain('exposeInMainWorld');
  });
});
