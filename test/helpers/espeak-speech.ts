import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir';

export interface SpokenAudio {
  /** 16 kHz mono float32 samples. */
  audio: Float32Array;
  /** Where each sentence's audio sits, in seconds (espeak's own short lead-in and tail included). */
  sentences: { start: number; end: number }[];
}

/**
 * Real speech: each sentence spoken by espeak-ng, resampled to 16 kHz float32 by sox, joined with
 * `pauseSeconds` of silence before, between and after.
 */
export function spokenSentences(sentences: string[], pauseSeconds: number): SpokenAudio {
  const dir = tempDir('passerelle-speech-');
  const pause = new Float32Array(Math.round(pauseSeconds * 16_000));
  const parts: Float32Array[] = [pause];
  const spans: { start: number; end: number }[] = [];
  let at = pause.length;
  sentences.forEach((text, i) => {
    const wav = join(dir, `s${i}.wav`);
    const raw = join(dir, `s${i}.f32`);
    execFileSync('espeak-ng', ['-v', 'en', '-s', '150', '-w', wav, text]);
    execFileSync('sox', [wav, '-r', '16000', '-c', '1', '-e', 'floating-point', '-b', '32', '-t', 'raw', raw]);
    const bytes = readFileSync(raw);
    const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    parts.push(samples, pause);
    spans.push({ start: at / 16_000, end: (at + samples.length) / 16_000 });
    at += samples.length + pause.length;
  });
  const audio = new Float32Array(at);
  let offset = 0;
  for (const part of parts) {
    audio.set(part, offset);
    offset += part.length;
  }
  return { audio, sentences: spans };
}
