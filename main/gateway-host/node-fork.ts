import { fork } from 'node:child_process';
import type { ForkGateway } from './hosted-process';

/** child_process.fork behind the HostedProcess interface (Node; tests; `ELECTRON_RUN_AS_NODE`). */
export const nodeFork: ForkGateway = (modulePath, env) => {
  const child = fork(modulePath, [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  return {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    onExit(listener) {
      // 'close', not 'exit': it comes after stdout and stderr are drained, so the gateway's last
      // words (a configuration error on stderr) are read before the host decides what to do.
      child.once('close', (code, signal) => listener(code, signal));
      // A fork that cannot start (ENOENT, EACCES) emits 'error' and may never emit 'exit'.
      child.once('error', () => {
        if (child.exitCode === null && child.signalCode === null && child.pid === undefined) listener(null, null);
      });
    },
    kill(signal) {
      child.kill(signal);
    },
  };
};
