/** Variables a model worker never needs and must not hold: the gateway's secrets. */
const SECRETS = ['HUGGINGFACE_TOKEN', 'HF_TOKEN', 'ADMIN_TOKEN', 'OPENAI_API_KEYS'];

/**
 * The environment of one worker: the gateway's, without secrets, with the chosen GPUs. Set per
 * process at fork time, never on the gateway's own process.env: several loads run at once, and a
 * set-then-restore of the parent's variable (the Python version's way) races between them.
 * CPU placement hides every GPU (an empty CUDA_VISIBLE_DEVICES).
 */
export function workerEnv(parent: NodeJS.ProcessEnv, gpuDeviceIds: number[], isElectron = process.versions.electron !== undefined): NodeJS.ProcessEnv {
  const env = withoutSecrets(parent);
  // Embedded in the console, process.execPath is the Electron binary: run it as plain Node (this
  // needs Electron's RunAsNode fuse left on: the console's packaging must not turn it off).
  if (isElectron) env.ELECTRON_RUN_AS_NODE = '1';
  env.CUDA_VISIBLE_DEVICES = gpuDeviceIds.join(',');
  // nvidia-smi numbers GPUs by PCI bus; CUDA's default order (fastest first) may differ.
  env.CUDA_DEVICE_ORDER = 'PCI_BUS_ID';
  return env;
}

/** A copy of `parent` without the gateway's secrets: for any process the gateway starts. */
export function withoutSecrets(parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const name of SECRETS) delete env[name];
  return env;
}
