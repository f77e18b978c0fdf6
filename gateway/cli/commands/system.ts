import type { Command } from 'commander';
import { z } from 'zod';
import { Readiness, SystemInfo } from '../../contract/system';
import { GpusResponse } from '../../contract/gpus';
import { EventsResponse, type RuntimeEvent } from '../../contract/events';
import { DiagnosticsResponse } from '../../contract/diagnostics';
import { clientFor, globals, output } from '../connection';
import { CliError, EXIT } from '../exit-codes';
import { formatBytes, formatTable } from '../table';

/** `gpus --watch` and `events -f` refresh at this pace: the GPU monitor samples about once a second. */
const WATCH_MS = 2000;
const FOLLOW_MS = 1000;

export function systemCommands(program: Command): void {
  program.command('status').description('is the gateway up, its version, host and cache').action(async (_o, cmd: Command) => {
    const client = clientFor(cmd);
    const [system, ready] = await Promise.all([client.get('/api/system', SystemInfo), readiness(client.url)]);
    const status = { readiness: ready, system };
    output(cmd, status, () => [
      `gateway  ${client.url} (${ready.status})`,
      `version  ${system.version} (node ${system.node}, ${system.platform}/${system.arch})`,
      `host     ${system.hostname}, ${system.cpu.cores} cores, ${formatBytes(system.memory.freeBytes)} free of ${formatBytes(system.memory.totalBytes)}`,
      `cache    ${system.cache.path} (${formatBytes(system.cache.freeBytes)} free)`,
      `uptime   ${Math.round(system.uptimeSeconds)} s`,
    ].join('\n'));
  });

  program.command('gpus').option('-w, --watch', 'refresh every 2 s until Ctrl-C').description('the GPUs: memory, use, temperature, power, processes')
    .action(async (o: { watch?: boolean }, cmd: Command) => {
      const client = clientFor(cmd);
      for (;;) {
        const g = await client.get('/api/gpus?historySeconds=0', GpusResponse);
        if (o.watch && process.stdout.isTTY && !globals(cmd).json) process.stdout.write('\x1b[2J\x1b[H');
        output(cmd, g, () => (g.gpus.length === 0 ? `no GPU (${g.monitor.state}: ${g.monitor.message})` : formatTable(['GPU', 'NAME', 'MEMORY', 'UTIL', 'TEMP', 'POWER', 'MODELS'], g.gpus.map((x) => [
          x.index, x.name, `${formatBytes(x.memoryUsedBytes)} / ${formatBytes(x.memoryTotalBytes)}`, x.utilizationPct === null ? null : `${x.utilizationPct}%`,
          x.temperatureC === null ? null : `${x.temperatureC}°C`, x.powerW === null ? null : `${Math.round(x.powerW)} W`,
          x.processes.map((p) => p.model ?? p.pid).join(',') || null,
        ]))));
        if (!o.watch) return;
        await new Promise((r) => setTimeout(r, WATCH_MS));
      }
    });

  program.command('events').option('-f, --follow', 'keep printing new events until Ctrl-C').option('-n, --limit <n>', 'how many recent events', '50')
    .option('--level <level>', 'minimum level: debug, info, warn, error').option('--model <key>', 'only this model')
    .description('the runtime log: downloads, loads, crashes, auth failures').action(async (o: { follow?: boolean; limit: string; level?: string; model?: string }, cmd: Command) => {
      const client = clientFor(cmd);
      const query = (since?: number): string => {
        const q = new URLSearchParams({ limit: o.limit });
        if (o.level) q.set('level', o.level);
        if (o.model) q.set('model', o.model);
        if (since !== undefined) q.set('since', String(since));
        return `/api/admin/events?${q}`;
      };
      let page = await client.get(query(), EventsResponse);
      if (!o.follow && globals(cmd).json) return output(cmd, page, () => '');
      let last = 0;
      for (;;) {
        // One JSON object per line when following, so `-f --json` can be piped into jq.
        if (globals(cmd).json) for (const e of page.events) process.stdout.write(`${JSON.stringify(e)}\n`);
        else if (page.events.length) process.stdout.write(`${page.events.map(eventLine).join('\n')}\n`);
        last = Math.max(last, ...page.events.map((e) => e.id));
        if (!o.follow) return;
        await new Promise((r) => setTimeout(r, FOLLOW_MS));
        page = await client.get(query(last), EventsResponse);
      }
    });

  program.command('doctor').description('the diagnostics, with the fix of each problem (exit 1 when a check fails)').action(async (_o, cmd: Command) => {
    const d = await clientFor(cmd).get('/api/diagnostics', DiagnosticsResponse);
    output(cmd, d, () => formatTable(['STATUS', 'CHECK', 'FOUND', 'FIX'], d.checks.map((c) => [c.status.toUpperCase(), c.title, c.message, c.status === 'ok' ? '' : c.fix])));
    if (d.checks.some((c) => c.status === 'fail')) process.exitCode = EXIT.gateway;
  });
}

function eventLine(e: RuntimeEvent): string {
  return `${e.time}  ${e.level.toUpperCase().padEnd(5)}  ${e.kind}${e.model ? ` [${e.model}]` : ''}  ${e.message}${e.hint ? `  → ${e.hint}` : ''}`;
}

/** /readyz answers 503 while starting or draining, with the same body: both are a state, not an error. */
async function readiness(url: string): Promise<Readiness> {
  try {
    const res = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(10_000) });
    return Readiness.parse(await res.json());
  } catch (err) {
    if (err instanceof z.ZodError) throw new CliError('the gateway answered /readyz with a body this CLI does not understand', EXIT.gateway);
    throw new CliError(`cannot reach the gateway at ${url}`, EXIT.connect, 'Start it with `passerelle serve`, or point --url / PASSERELLE_URL at it.');
  }
}
