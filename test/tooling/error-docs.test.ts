import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../gateway/errors';

describe('doc/errors.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'doc', 'errors.md'), 'utf8');

  it.each(Object.entries(ERROR_CODES))('lists %s with its status and type', (code, { status, type }) => {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
    expect(row, `doc/errors.md has no row for ${code}`).toBeDefined();
    const cells = row!.split('|').map((c) => c.trim());
    expect(cells[2]).toBe(String(status));
    expect(cells[3]).toBe(type);
    expect(cells[4]!.length, `${code} has no cause`).toBeGreaterThan(10);
    expect(cells[5]!.length, `${code} has no fix`).toBeGreaterThan(5);
  });
});
