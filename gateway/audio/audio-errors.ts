import { GatewayError } from '../errors';

/** The 400 of a file that is not usable audio, saying what was wrong with it. */
export function invalidAudio(reason: string, cause?: unknown): GatewayError {
  return new GatewayError('invalid_audio', `The uploaded file is not usable audio: ${reason}.`, {
    param: 'file',
    hint: 'Send a WAV, MP3, FLAC, OGG/Opus, M4A, MP4 or WebM file with at least one audio track; re-export it if it came from an editor or a recorder that was interrupted.',
    cause,
  });
}

/** The 413 of audio longer than MAX_AUDIO_SECONDS, found before the samples are allocated. */
export function audioTooLong(seconds: number | null, maxSeconds: number): GatewayError {
  const length = seconds === null ? 'more than' : `${Math.round(seconds)} s, more than`;
  return new GatewayError('audio_too_long', `The audio lasts ${length} the ${maxSeconds} s this gateway accepts.`, {
    param: 'file',
    hint: 'Cut the file into shorter parts, or raise MAX_AUDIO_SECONDS on the gateway.',
  });
}
