/**
 * The vLLM process group's leader: a POSIX shell that runs the command and watches the gateway.
 * Its stdin is a pipe from the gateway; when the gateway dies, however it dies (SIGKILL, OOM
 * killer), the pipe reaches end-of-file and the watcher sends SIGTERM to the whole group, then
 * SIGKILL after 10 s. Linux has no portable parent-death signal for Node to set, hence the shell.
 * The shell itself survives SIGTERM (a trap, reset in the command) so that a stop lets vLLM drain,
 * and exits with vLLM's status.
 */
const SCRIPT = [
  "trap 'true' TERM INT",
  'exec 3<&0',
  '"$@" &',
  'pid=$!',
  "( trap '' TERM INT; read -r _ <&3; kill -TERM -$$ 2>/dev/null; sleep 10; kill -KILL -$$ 2>/dev/null ) >/dev/null 2>&1 &",
  'watcher=$!',
  'exec 3<&-',
  'while :; do wait "$pid"; code=$?; kill -0 "$pid" 2>/dev/null || break; done',
  'kill -KILL "$watcher" 2>/dev/null',
  'exit "$code"',
].join('\n');

/** `/bin/sh -c <watchdog> passerelle-vllm <command> <args…>`: spawn it detached, stdin piped. */
export function watchdogArgv(command: readonly string[]): [string, string[]] {
  return ['/bin/sh', ['-c', SCRIPT, 'passerelle-vllm', ...command]];
}
