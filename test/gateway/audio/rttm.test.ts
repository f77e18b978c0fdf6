import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseRttm, RttmSyntaxError } from '../../../gateway/audio/rttm';
import { writeRttm } from '../../../gateway/audio/writers/rttm';
import { tempDir } from '../../helpers/temp-dir';

describe('RTTM', () => {
  it('reads back what the RTTM writer writes', () => {
    const text = writeRttm([{ start: 0.5, end: 2.25, speaker: 'SPEAKER_00' }, { start: 3, end: 4.1234, speaker: 'agent smith' }], 'my call');
    expect(text).toBe('SPEAKER my_call 1 0.500 1.750 <NA> <NA> SPEAKER_00 <NA> <NA>\nSPEAKER my_call 1 3.000 1.123 <NA> <NA> agent_smith <NA> <NA>\n');
    const files = parseRttm(text);
    expect([...files.keys()]).toEqual(['my_call']);
    expect(files.get('my_call')).toEqual([{ start: 0.5, end: 2.25, speaker: 'SPEAKER_00' }, { start: 3, end: 4.123, speaker: 'agent_smith' }]);
  });

  it('groups by file, skips comments and other line types', () => {
    const files = parseRttm(';; comment\n\nSPKR-INFO a 1 <NA> <NA> <NA> unknown x <NA> <NA>\nSPEAKER a 1 0 1 <NA> <NA> x <NA> <NA>\nSPEAKER b 1 2 1 <NA> <NA> y <NA> <NA>\n');
    expect(files.get('a')).toEqual([{ start: 0, end: 1, speaker: 'x' }]);
    expect(files.get('b')).toEqual([{ start: 2, end: 3, speaker: 'y' }]);
  });

  it('names the line and the field that is wrong', () => {
    expect(() => parseRttm('SPEAKER a 1 0 1 <NA> <NA> x <NA> <NA>\nSPEAKER a 1 zero 1 <NA> <NA> x <NA> <NA>')).toThrow(/line 2: onset "zero"/);
    expect(() => parseRttm('SPEAKER a 1 0')).toThrow(RttmSyntaxError);
  });
});

describe('npm run der', () => {
  const dir = tempDir();
  it('prints a table with each file and the corpus total', async () => {
    const ref = join(dir, 'ref.rttm');
    const hyp = join(dir, 'hyp.rttm');
    writeFileSync(ref, writeRttm([{ start: 0, end: 10, speaker: 'A' }], 'f1') + writeRttm([{ start: 0, end: 30, speaker: 'A' }], 'f2'));
    writeFileSync(hyp, writeRttm([{ start: 0, end: 8, speaker: 'x' }], 'f1') + writeRttm([{ start: 0, end: 31, speaker: 'x' }], 'f2'));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'gateway/audio/der-cli.ts', ref, hyp]);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^file\s+DER %\s+total s\s+correct s\s+miss s\s+false alarm s\s+confusion s$/);
    expect(lines[1]).toMatch(/^f1\s+20\.00\s+10\.000\s+8\.000\s+2\.000\s+0\.000\s+0\.000$/);
    expect(lines[3]).toMatch(/^TOTAL\s+7\.50\s+40\.000/);
  });

  it('exits with a usage line when a file is missing', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'gateway/audio/der-cli.ts', 'only-one.rttm']);
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run der') });
  });
});
