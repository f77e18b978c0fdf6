import { readFileSync } from 'node:fs';

/** Reads a process's parent PID; null when it is gone or the platform has no /proc. */
export type ParentOf = (pid: number) => number | null;

export function procParentOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
  } catch {
    return null;
  }
}

/**
 * Which model owns a GPU process. Workers and vLLM register their PID; vLLM's tensor-parallel
 * workers are its children, so the parent chain is walked (a few levels) to find a registered PID.
 */
export class ProcessOwners {
  private readonly owners = new Map<number, string>();

  constructor(private readonly parentOf: ParentOf = procParentOf, private readonly maxDepth = 6) {}

  register(pid: number, model: string): void {
    this.owners.set(pid, model);
  }

  unregister(pid: number): void {
    this.owners.delete(pid);
  }

  get size(): number {
    return this.owners.size;
  }

  ownerOf(pid: number): string | undefined {
    let current: number | null = pid;
    for (let depth = 0; current !== null && depth <= this.maxDepth; depth++) {
      const owner = this.owners.get(current);
      if (owner !== undefined) return owner;
      if (this.owners.size === 0 || current <= 1) return undefined;
      current = this.parentOf(current);
    }
    return undefined;
  }
}
