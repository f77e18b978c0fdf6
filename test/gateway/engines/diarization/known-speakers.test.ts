import { describe, expect, it } from 'vitest';
import { decodeKnownSpeakers } from '../../../../gateway/engines/diarization/known-speakers';

describe('known speaker references', () => {
  it('a data URL with a broken % escape is a 400 naming the field, not a 500', async () => {
    await expect(decodeKnownSpeakers(['alice'], ['data:audio/wav,RIFF%E0%A4%A'])).rejects.toMatchObject({ code: 'invalid_speaker_reference', status: 400, param: 'known_speaker_references[0]' });
  });

  it('refuses what is not a data URL, and names and references of different lengths', async () => {
    await expect(decodeKnownSpeakers(['alice'], ['https://example.com/alice.wav'])).rejects.toMatchObject({ code: 'invalid_speaker_reference', param: 'known_speaker_references[0]' });
    await expect(decodeKnownSpeakers(['alice', 'bob'], ['data:audio/wav;base64,'])).rejects.toMatchObject({ code: 'invalid_speaker_reference', param: 'known_speaker_references' });
  });
});
