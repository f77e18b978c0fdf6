// The test hub in its own process for the download benchmark, serving one big file from disk.
//   node --import tsx test/bench/_download-hub.ts <file> <sha256>  → prints {"url": …}
import { startTestHub } from '../fixtures/hub/hub-server';

const [file, sha256] = process.argv.slice(2);
const hub = await startTestHub({
  repos: [{ id: 'bench/big', files: [{ path: 'config.json', content: '{}' }, { path: 'model.bin', diskPath: file!, sha256, lfs: true }] }],
});
process.stdout.write(`${JSON.stringify({ url: hub.url })}\n`);
process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
