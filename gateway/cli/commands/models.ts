import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { ModelEntry, ModelList } from '../../contract/models';
import { ModelRuntime } from '../../contract/lifecycle';
import { clientFor, globals, output } from '../connection';
import { CliError, EXIT } from '../exit-codes';
import { formatBytes, formatTable } from '../table';
import type { GatewayClient } from '../gateway-client';

/** How often `pull` reads the download's state (the gateway updates it at most 4 times a second). */
const PULL_POLL_MS = 500;

const modelPath = (key: string, tail = ''): string => `/api/admin/models/${encodeURIComponent(key)}${tail}`;

export function modelsCommand(program: Command): void {
  const models = program.command('models').description('the model catalog: list, download, load, unload, remove');

  models.command('ls').description('every model of the catalog, with its cache and runtime state').action(async (_o, cmd: Command) => {
    const list = await clientFor(cmd).get('/api/admin/models', ModelList);
    output(cmd, list, () => formatTable(['KEY', 'TASK', 'ENGINE', 'CACHE', 'SIZE', 'RUNTIME'], list.models.map((m) => [
      m.key, m.task, m.engine, m.cache.state, formatBytes(m.cache.bytes || m.expectedBytes), m.runtime.state,
    ])));
  });

  models.command('ps').description('the models loaded (or loading), their GPUs and process').action(async (_o, cmd: Command) => {
    const list = await clientFor(cmd).get('/api/admin/models', ModelList);
    const running = { models: list.models.filter((m) => m.runtime.state !== 'unloaded') };
    output(cmd, running, () => formatTable(['KEY', 'STATE', 'DEVICE', 'GPUS', 'PID', 'HEALTH', 'SINCE'], running.models.map((m) => [
      m.key, m.runtime.state, m.runtime.device, m.runtime.gpuDeviceIds.join(',') || null, m.runtime.pid, m.runtime.health, m.runtime.loadedAt,
    ])));
  });

  models.command('pull').argument('<key>', 'catalog key').description('download a model into the cache, with a progress bar').action(async (key: string, _o, cmd: Command) => {
    const client = clientFor(cmd);
    const started = await client.request('POST', modelPath(key, '/download'), ModelEntry);
    const done = await followDownload(client, key, started, !globals(cmd).json);
    output(cmd, done, () => `${key}: ${done.cache.state} (${formatBytes(done.cache.bytes)})`);
    if (done.download.state === 'failed') throw new CliError(`download of ${key} failed: ${done.download.error?.message ?? 'unknown error'}`, EXIT.gateway, done.download.error?.hint);
  });

  models.command('load').argument('<key>', 'catalog key').option('--gpus <ids>', 'GPU indexes, comma-separated (1,2)').description('load a model on GPUs (or CPU) and wait until it serves')
    .action(async (key: string, o: { gpus?: string }, cmd: Command) => {
      const body = o.gpus === undefined ? {} : { gpu_device_ids: parseGpus(o.gpus) };
      const r = await clientFor(cmd).request('POST', modelPath(key, '/load'), ModelRuntime, body);
      output(cmd, r, () => `${key}: ${r.runtime.state}${r.runtime.gpuDeviceIds.length ? ` on GPU ${r.runtime.gpuDeviceIds.join(',')}` : r.runtime.device ? ` on ${r.runtime.device}` : ''}`);
    });

  models.command('unload').argument('<key>', 'catalog key').description('stop a loaded model').action(async (key: string, _o, cmd: Command) => {
    const r = await clientFor(cmd).request('POST', modelPath(key, '/unload'), ModelRuntime);
    output(cmd, r, () => `${key}: ${r.runtime.state}`);
  });

  models.command('rm').argument('<key>', 'catalog key').description("delete a model's files from the cache (the catalog entry stays)").action(async (key: string, _o, cmd: Command) => {
    const r = await clientFor(cmd).request('DELETE', modelPath(key, '/cache'), ModelEntry);
    output(cmd, r, () => `${key}: cache ${r.cache.state}`);
  });
}

function parseGpus(text: string): number[] {
  if (!/^\d+(,\d+)*$/.test(text)) throw new CliError(`--gpus takes GPU indexes separated by commas, such as 1,2 (got "${text}")`, EXIT.usage);
  return text.split(',').map(Number);
}

/** Polls the entry until the download ends; the bar (on stderr) shows percent, speed and ETA. */
async function followDownload(client: GatewayClient, key: string, first: ModelEntry, showBar: boolean): Promise<ModelEntry> {
  const bar = showBar
    ? new cliProgress.SingleBar({
      format: `${key} [{bar}] {percentage}% | {got}/{all} | {speed}/s | ETA {eta}`,
      stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000, hideCursor: true,
    }, cliProgress.Presets.shades_classic)
    : null;
  let entry = first;
  bar?.start(Math.max(1, entry.download.totalBytes), entry.download.receivedBytes, payload(entry));
  try {
    while (entry.download.state === 'queued' || entry.download.state === 'running') {
      await new Promise((r) => setTimeout(r, PULL_POLL_MS));
      entry = await client.get(modelPath(key), ModelEntry);
      bar?.setTotal(Math.max(1, entry.download.totalBytes));
      bar?.update(entry.download.receivedBytes, payload(entry));
    }
  } finally {
    if (entry.download.state === 'done') bar?.update(Math.max(1, entry.download.totalBytes), payload(entry));
    bar?.stop();
  }
  return entry;
}

function payload(e: ModelEntry): Record<string, string> {
  const d = e.download;
  return { got: formatBytes(d.receivedBytes), all: formatBytes(d.totalBytes), speed: formatBytes(Math.round(d.bytesPerSecond)), eta: d.etaSeconds === null ? '?' : `${Math.round(d.etaSeconds)}s` };
}
