import { spawn } from 'node:child_process';
import { GatewayError } from '../errors';
import { audioTooLong, invalidAudio } from './audio-errors';
import { TARGET_SAMPLE_RATE, type DecodedAudio, type DecodeLimits } from './decoded-audio';

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
export function decodeWithFfmpeg(path: string, limits: DecodeLimits): Promise<DecodedAudio> {
  const maxBytes = limits.maxAudioSeconds * TARGET_SAMPLE_RATE * 4;
  const timeoutMs = limits.ffmpegTimeoutMs ?? 30_000 + limits.maxAudioSeconds * 20;
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-protocol_whitelist', 'file', '-format_whitelist', DEMUXERS,
    '-i', `file:${path}`, '-vn', '-map', '0:a:0', '-f', 'f32le', '-ac', '1', '-ar', String(TARGET_SAMPLE_RATE), 'pipe:1',
  ];
  return new Promise<DecodedAudio>((resolve, reject) => {
    const child = spawn(limits.ffmpegPath ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let bytes = 0;
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
      if (failure) return;
      bytes += chunk.length;
      if (bytes > maxBytes) return stop(audioTooLong(null, limits.maxAudioSeconds));
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_BYTES) stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => stop(err.code === 'ENOENT' ? ffmpegMissing(limits.ffmpegPath ?? 'ffmpeg') : err));
    child.on('close', (code) => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      if (code !== 0) return reject(invalidAudio(ffmpegReason(stderr, path)));
      if (bytes < 4) return reject(invalidAudio('it decodes to no audio samples'));
      resolve(toDecoded(chunks, bytes));
    });
  });
}

function toDecoded(chunks: Buffer[], bytes: number): DecodedAudio {
  const samples = new Float32Array(Math.floor(bytes / 4));
  const view = new Uint8Array(samples.buffer);
  let at = 0;
  for (let i = 0; i < chunks.length && at < view.length; i++) {
    const chunk = chunks[i]!.subarray(0, view.length - at);
    view.set(chunk, at);
    at += chunk.length;
    chunks[i] = Buffer.alloc(0); // let the copied chunk go while the rest is copied
  }
  return {
    samples,
    sampleRate: TARGET_SAMPLE_RATE,
    durationSeconds: samples.length / TARGET_SAMPLE_RATE,
    source: { decoder: 'ffmpeg', codec: 'ffmpeg', sampleRate: null, channels: null },
    cleanedSamples: 0,
  };
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
