import { spawn } from 'node:child_process';
import { GatewayError } from '../errors';
import { audioTooLong, invalidAudio } from './audio-errors';
import { TARGET_SAMPLE_RATE, type DecodedAudio, type DecodeLimits } from './decoded-audio';
import { PcmCollector } from './pcm-collector';
import { probeDurationSeconds } from './probe-duration';

/**
 * The demuxers ffmpeg may use on an upload. Playlists (HLS, concat) and image/data formats are
 * left out: they could make ffmpeg read other files of the host.
 */
const DEMUXERS = 'wav,w64,mp3,flac,ogg,mov,mp4,m4a,3gp,matroska,webm,aac,aiff,caf,amr,au,mpeg,asf,wv,ape';
const STDERR_BYTES = 8192;

/**
 * Decodes any audio file ffmpeg reads to 16 kHz mono float32. ffmpeg gets the file path (no stdin),
 * a time limit and an output limit: reading stops, and ffmpeg is killed, as soon as the output
 * passes MAX_AUDIO_SECONDS, so a tiny file that decodes to hours of silence costs no more than
 * the limit.
 */
export async function decodeWithFfmpeg(path: string, limits: DecodeLimits): Promise<DecodedAudio> {
  const ffmpeg = limits.ffmpegPath ?? 'ffmpeg';
  const maxBytes = limits.maxAudioSeconds * TARGET_SAMPLE_RATE * 4;
  const estimate = await probeDurationSeconds(path, ffmpeg, DEMUXERS, limits.signal);
  // A little over the container's estimate (encoder padding); 60 s when it gives none.
  const collector = new PcmCollector(((estimate ?? 60) + 1) * 1.02 * TARGET_SAMPLE_RATE * 4, maxBytes);
  await runFfmpeg(path, ffmpeg, collector, limits);
  if (collector.byteLength < 4) throw invalidAudio('it decodes to no audio samples');
  const samples = collector.samples();
  return {
    samples,
    sampleRate: TARGET_SAMPLE_RATE,
    durationSeconds: samples.length / TARGET_SAMPLE_RATE,
    source: { decoder: 'ffmpeg', codec: 'ffmpeg', sampleRate: null, channels: null },
    cleanedSamples: 0,
  };
}

/** Runs ffmpeg to the end (or to the first limit), its output into `collector`. */
function runFfmpeg(path: string, ffmpeg: string, collector: PcmCollector, limits: DecodeLimits): Promise<void> {
  const timeoutMs = limits.ffmpegTimeoutMs ?? 30_000 + limits.maxAudioSeconds * 20;
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-protocol_whitelist', 'file', '-format_whitelist', DEMUXERS,
    '-i', `file:${path}`, '-vn', '-map', '0:a:0', '-f', 'f32le', '-ac', '1', '-ar', String(TARGET_SAMPLE_RATE), 'pipe:1',
  ];
  return new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let failure: Error | null = null;
    const stop = (err: Error): void => {
      failure ??= err;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(invalidAudio(`ffmpeg did not finish decoding within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const onAbort = (): void => stop(limits.signal?.reason instanceof Error ? limits.signal.reason : new Error('aborted'));
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (!failure && !collector.push(chunk)) stop(audioTooLong(null, limits.maxAudioSeconds));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_BYTES) stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => stop(err.code === 'ENOENT' ? ffmpegMissing(ffmpeg) : err));
    child.on('close', (code) => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else if (code !== 0) reject(invalidAudio(ffmpegReason(stderr, path)));
      else resolve();
    });
  });
}

/** ffmpeg's own last error line, without the temporary path, phrased for the client. */
export function ffmpegReason(stderr: string, path: string): string {
  const lines = stderr.split('\n').map((l) => l.replaceAll(`file:${path}`, 'the file').replaceAll(path, 'the file').trim()).filter(Boolean);
  if (lines.some((l) => /matches no streams|does not contain any stream/.test(l))) return 'it has no audio track';
  const last = lines.at(-1)?.replace(/^\[[^\]]+\]\s*/, '').slice(0, 300);
  return last ? `ffmpeg could not decode it (${last})` : 'ffmpeg could not decode it';
}

function ffmpegMissing(command: string): GatewayError {
  return new GatewayError('audio_decoder_unavailable', `This gateway cannot decode compressed audio: the ffmpeg executable ("${command}") was not found.`, {
    hint: 'Install ffmpeg on the gateway host (Debian/Ubuntu: apt-get install ffmpeg; it is in the Docker image), or send 16-bit PCM WAV, which is decoded without it.',
  });
}
