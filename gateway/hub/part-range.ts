/** A byte range of the file being downloaded; `done` is the end of what is on disk. */
export interface Part {
  start: number;
  /** Exclusive. */
  end: number;
  done: number;
}

export type HashKind = 'sha256' | 'git-sha1';

/** The end of the bytes present from the start of the file without a gap. */
export function contiguousEnd(parts: readonly Part[]): number {
  let end = 0;
  for (const p of [...parts].sort((a, b) => a.start - b.start)) {
    if (p.start > end) break;
    end = Math.max(end, p.done);
    if (p.done < p.end) break;
  }
  return end;
}
