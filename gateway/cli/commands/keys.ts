import type { Command } from 'commander';
import { ApiKeyList, CreatedApiKey } from '../../contract/keys';
import { clientFor, output } from '../connection';
import { formatTable } from '../table';

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('the API keys of /v1');

  keys.command('create').argument('<name>', 'a name to tell the key apart').option('--models <keys>', 'restrict it to these catalog keys, comma-separated')
    .description('create a key and print its secret (shown this once)').action(async (name: string, o: { models?: string }, cmd: Command) => {
      const body = { name, ...(o.models ? { models: o.models.split(',').filter(Boolean) } : {}) };
      const k = await clientFor(cmd).request('POST', '/api/admin/keys', CreatedApiKey, body);
      output(cmd, k, () => `${k.key}\n(key ${k.id} "${k.name}": keep the secret now, it cannot be shown again)`);
    });

  keys.command('ls').description('the keys (never their secrets)').action(async (_o, cmd: Command) => {
    const list = await clientFor(cmd).get('/api/admin/keys', ApiKeyList);
    output(cmd, list, () => formatTable(['ID', 'NAME', 'LAST4', 'MODELS', 'SOURCE', 'CREATED', 'LAST USED'], list.keys.map((k) => [
      k.id, k.name, k.last4, k.models ? k.models.join(',') : 'all', k.source, k.createdAt, k.lastUsedAt,
    ])));
  });

  keys.command('revoke').argument('<id>', 'the key id (from keys ls)').description('revoke a key at once').action(async (id: string, _o, cmd: Command) => {
    await clientFor(cmd).request('DELETE', `/api/admin/keys/${encodeURIComponent(id)}`, null);
    output(cmd, { revoked: id }, () => `revoked ${id}`);
  });
}
