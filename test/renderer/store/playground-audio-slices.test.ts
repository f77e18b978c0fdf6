import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/app-store';
import { selectRequestMessages } from '../../../renderer/store/playground-slice';
import { selectRealTimeFactor, selectSpeakers } from '../../../renderer/store/audio-lab-slice';

describe('playground slice', () => {
  it('streams text into one assistant message and sends the system prompt first', () => {
    const store = createAppStore();
    store.getState().setPlayground({ systemPrompt: ' Be brief. ', messages: [{ role: 'user', content: 'Hi' }] });
    store.getState().appendAssistantText('Hel');
    store.getState().appendAssistantText('lo');
    expect(selectRequestMessages(store.getState())).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ]);
  });
});

describe('audio lab slice', () => {
  it('lists speakers in order of appearance and computes the real-time factor', () => {
    const store = createAppStore();
    store.getState().setAudioRun({
      result: { text: '', language: 'en', durationSeconds: 10, raw: {}, segments: [{ start: 0, end: 1, text: 'a', speaker: 'B' }, { start: 1, end: 2, text: 'b', speaker: 'A' }, { start: 2, end: 3, text: 'c', speaker: 'B' }] },
      elapsedSeconds: 4,
      processingSeconds: 2,
    });
    expect(selectSpeakers(store.getState())).toEqual(['B', 'A']);
    expect(selectRealTimeFactor(store.getState())).toBe(0.2);
    store.getState().setAudioFile(null);
    expect(store.getState().audioLab.result).toBeNull();
  });
});
