import { execFile } from 'node:child_process';

/**
 * The container's own idea of the duration (ffprobe), in seconds; null when ffprobe is missing,
 * fails or does not say. A hint for sizing the decode buffer only: the decoded bytes, not this,
 * decide MAX_AUDIO_SECONDS, since headers can lie.
 */
export function probeDurationSeconds(path: string, ffmpegPath: string, demuxers: string, signal?: AbortSignal): Promise<number | null> {
  const ffprobe = ffmpegPath.replace(/ffmpeg$/, 'ffprobe');
  const args = ['-v', 'error', '-protocol_whitelist', 'file', '-format_whitelist', demuxers, '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', `file:${path}`];
  return new Promise((resolve) => {
    execFile(ffprobe === ffmpegPath ? 'ffprobe' : ffprobe, args, { timeout: 10_000, maxBuffer: 4096, signal }, (err, stdout) => {
      const seconds = Number(String(stdout).trim());
      resolve(!err && Number.isFinite(seconds) && seconds > 0 ? seconds : null);
    });
  });
}
