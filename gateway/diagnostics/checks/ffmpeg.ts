import type { DiagnosticCheckDef } from '../diagnostic-check';
import { ToolError } from '../run-tool';

/** ffmpeg decodes every upload that is not plain WAV. */
export const ffmpegCheck: DiagnosticCheckDef = {
  id: 'ffmpeg',
  title: 'ffmpeg (audio decoding)',
  async run(ctx) {
    const command = ctx.ffmpegCommand;
    try {
      const out = await ctx.runTool(command, ['-hide_banner', '-version'], 4000);
      const version = /ffmpeg version (\S+)/.exec(out)?.[1] ?? 'unknown';
      return { status: 'ok', details: { command, version }, message: `ffmpeg ${version}.` };
    } catch (err) {
      const missing = err instanceof ToolError && err.kind === 'missing';
      return {
        status: missing ? 'warn' : 'fail', details: { command },
        message: missing ? `${command} was not found: only WAV uploads can be decoded (MP3, M4A, OGG, FLAC, video are refused).` : `ffmpeg does not work: ${(err as Error).message}`,
        fix: 'Install ffmpeg (apt-get install ffmpeg; it is in the Docker image).',
      };
    }
  },
};
