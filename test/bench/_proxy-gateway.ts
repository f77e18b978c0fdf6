// Child process of test/bench/proxy.ts: the real gateway (in this process, on a free loopback port)
// with one chat model attached to the upstream URL given in argv[2]. Prints one JSON ready line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/gateway';
import { LlmRegistry } from '../helpers/llm-registry';
import { PROXY_DEFAULTS } from '../../gateway/engines/llm/llm-options';

const baseUrl = process.argv[2]!;
const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-proxy-'));
const config = loadConfig({ API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'error', MODEL_CACHE_DIR: dir, ADMIN_TOKEN: 'bench-admin-token-0123456789', NVIDIA_SMI: '/nonexistent/nvidia-smi' });
const gw = await startGateway(config);
const registry = new LlmRegistry();
registry.add({
  key: 'qwen', engine: 'openai-upstream', baseUrl, upstreamModel: 'qwen', apiKey: null, pid: null,
  proxy: { ...PROXY_DEFAULTS, maxConcurrency: 1024, maxQueue: 4096 },
  pids: () => [], onExit: () => undefined, checkNow: () => undefined, stop: async () => undefined,
});
gw.deps.llmTargets = registry;
process.stdout.write(`${JSON.stringify({ url: gw.url, token: 'bench-admin-token-0123456789' })}\n`);
process.on('SIGTERM', () => void gw.stop().then(() => process.exit(0)));
