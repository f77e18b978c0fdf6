/** The decoders' output: what the engines take (16 kHz mono float32 in [-1, 1]). */
export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: typeof TARGET_SAMPLE_RATE;
  durationSeconds: number;
  source: {
    decoder: 'wav' | 'ffmpeg';
    /** `pcm_s16le`, `float32`, or the codec ffmpeg reported. */
    codec: string;
    /** Rate and channels of the file, before downmix and resampling (null when ffmpeg did not say). */
    sampleRate: number | null;
    channels: number | null;
  };
  /** NaN or infinite samples of a float WAV that were replaced (by 0 or ±1). */
  cleanedSamples: number;
}

export const TARGET_SAMPLE_RATE = 16_000;

export interface DecodeLimits {
  /** MAX_AUDIO_SECONDS: longer audio is refused (413) before its samples are allocated. */
  maxAudioSeconds: number;
  /** Wall-clock limit of one ffmpeg run. */
  ffmpegTimeoutMs?: number;
  /** The ffmpeg executable (tests point it elsewhere). */
  ffmpegPath?: string;
  /** Stops the decode when the client goes away. */
  signal?: AbortSignal;
}
