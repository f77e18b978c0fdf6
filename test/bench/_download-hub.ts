// The test hub in its own process for the download benchmark, serving its repos' big files from disk.
//   node --import tsx test/bench/_download-hub.ts <repos.json>  → prints {"url": …}
// repos.json: the hub's RepoSpec[] (files with diskPath and a known sha256, or small inline content).
import { readFileSync } from 'node:fs';
import { startTestHub } from '../fixtures/hub/hub-server';
import type { RepoSpec } from '../fixtures/hub/hub-repo';

const repos = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as RepoSpec[];
const hub = await startTestHub({ repos });
process.stdout.write(`${JSON.stringify({ url: hub.url })}\n`);
process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
