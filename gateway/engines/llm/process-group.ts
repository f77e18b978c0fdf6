import { readdirSync, readFileSync } from 'node:fs';

/** Sends a signal to a whole process group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while the process exists and is not a zombie (a killed orphan waits for init to reap it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return readStat(pid)?.state !== 'Z';
}

/**
 * The live processes of a group (Linux /proc), zombies excluded, oldest first: vLLM's engine core
 * and TP workers are in the leader's group, and they are what holds GPU memory.
 */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return isAlive(pgid) ? [pgid] : [];
  }
  const members: Array<{ pid: number; startTicks: number }> = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat && stat.pgid === pgid && stat.state !== 'Z') members.push({ pid: Number(name), startTicks: stat.startTicks });
  }
  // Oldest first: pids wrap around, start times do not.
  return members.sort((a, b) => a.startTicks - b.startTicks).map((m) => m.pid);
}

/** The command line of a process, or null when it is gone (or /proc is absent). */
export function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return null;
  }
}

function readStat(pid: number): { state: string; pgid: number; startTicks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: parse after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, pgid: Number(fields[2]), startTicks: Number(fields[19]) };
  } catch {
    return null;
  }
}
