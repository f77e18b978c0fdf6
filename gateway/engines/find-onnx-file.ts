import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The ONNX file of a snapshot: `preferred` (a path relative to the snapshot) when given, else the
 * first `.onnx` file, shallowest first (the HF cache links files, so stat follows symlinks).
 */
export function findOnnxFile(snapshotDir: string, preferred?: string): string {
  if (preferred !== undefined) {
    const path = resolve(snapshotDir, preferred);
    if (relative(snapshotDir, path).startsWith('..')) throw new Error(`options.file "${preferred}" is outside the model snapshot`);
    statSync(path);
    return path;
  }
  const found = shallowestOnnxFile(snapshotDir);
  if (found === undefined) throw new Error(`no .onnx file in ${snapshotDir}: download the model again`);
  return found;
}

/** The shallowest `.onnx` file under `dir` (three folders deep at most), by name among equals. */
export function shallowestOnnxFile(dir: string): string | undefined {
  return listOnnx(dir, 3).sort((a, b) => a.split(sep).length - b.split(sep).length || a.localeCompare(b))[0];
}

function listOnnx(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isFile() && name.endsWith('.onnx')) out.push(path);
    else if (stat?.isDirectory() && depth > 0 && !name.startsWith('.')) out.push(...listOnnx(path, depth - 1));
  }
  return out;
}
