import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../state/atomic-write';
import { commandLine, groupMembers, isAlive, signalGroup } from './process-group';

interface Entry {
  pgid: number;
  model: string;
  /** A string of the leader's command line (the snapshot path), so a recycled pid is never killed. */
  marker: string;
  startedAt: string;
}

export interface StaleProcess {
  pgid: number;
  model: string;
  pids: number[];
}

/**
 * The process groups of the LLM engines this gateway started, kept in a pid file in the state
 * directory. vLLM runs in its own group (so a stop reaches its engine core and TP workers), which
 * also means it would outlive a gateway that dies: the groups are killed when the gateway exits,
 * and a gateway that starts kills those a dead predecessor left behind.
 */
export class ProcessRegistry {
  private readonly file: string;
  private entries: Entry[] = [];
  private readonly onExit = (): void => this.killAllNow();

  constructor(stateDir: string) {
    this.file = join(stateDir, 'llm-processes.json');
    process.on('exit', this.onExit);
  }

  /** Kills the groups recorded by an earlier gateway that did not stop them; returns what it found. */
  killStale(): StaleProcess[] {
    const found: StaleProcess[] = [];
    for (const entry of readEntries(this.file)) {
      const pids = groupMembers(entry.pgid);
      const leaderIsOurs = isAlive(entry.pgid) && (commandLine(entry.pgid) ?? '').includes(entry.marker);
      // While any member lives, the kernel does not reuse the group id: the members are ours.
      const orphansOnly = !isAlive(entry.pgid) && pids.length > 0;
      if (!leaderIsOurs && !orphansOnly) continue;
      signalGroup(entry.pgid, 'SIGKILL');
      found.push({ pgid: entry.pgid, model: entry.model, pids });
    }
    this.save();
    return found;
  }

  add(pgid: number, model: string, marker: string): void {
    this.entries.push({ pgid, model, marker, startedAt: new Date().toISOString() });
    this.save();
  }

  remove(pgid: number): void {
    this.entries = this.entries.filter((e) => e.pgid !== pgid);
    this.save();
  }

  /** Synchronous, for process exit: nothing asynchronous runs any more. */
  killAllNow(): void {
    for (const entry of this.entries) signalGroup(entry.pgid, 'SIGKILL');
    this.entries = [];
    this.save();
  }

  close(): void {
    process.off('exit', this.onExit);
  }

  private save(): void {
    try {
      writeFileAtomic(this.file, JSON.stringify({ version: 1, groups: this.entries }), 0o600);
    } catch {
      // The state directory became unwritable: the in-memory list still guards this run.
    }
  }
}

function readEntries(file: string): Entry[] {
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { groups?: Entry[] };
    return (parsed.groups ?? []).filter((e) => Number.isInteger(e.pgid) && e.pgid > 1 && typeof e.marker === 'string' && e.marker.length > 0);
  } catch {
    return [];
  }
}
