import { utilityProcess } from 'electron';
import type { ForkGateway } from './hosted-process';
import { streamsDrained } from './streams-drained';

/**
 * Electron's utilityProcess behind the HostedProcess interface: a Node process started by
 * Chromium's service manager, which works with the RunAsNode fuse off and loads from app.asar.
 */
export const utilityProcessFork: ForkGateway = (modulePath, env) => {
  const child = utilityProcess.fork(modulePath, [], { env, stdio: 'pipe', serviceName: 'Passerelle gateway' });
  return {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    onExit(listener) {
      child.once('exit', (code) => void streamsDrained([child.stdout, child.stderr], 250).then(() => listener(code, null)));
    },
    kill(signal) {
      // utilityProcess.kill() sends SIGTERM on POSIX but is a hard stop on Windows, where the
      // gateway is asked to drain over its parentPort instead (gateway/cli.ts). SIGKILL goes by pid.
      if (signal === 'SIGTERM' && process.platform === 'win32') child.postMessage({ type: 'drain' });
      else if (signal === 'SIGTERM' || child.pid === undefined) child.kill();
      else process.kill(child.pid, 'SIGKILL');
    },
  };
};
