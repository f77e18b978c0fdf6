import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { Recorder } from '../../../../renderer/features/audio-lab/Recorder';
import { renderPage, settle } from '../render-page';

/** A microphone whose track says whether it was stopped, and a MediaRecorder that records nothing. */
function fakeMicrophone() {
  const track = { stop: vi.fn() };
  class FakeRecorder {
    state: 'inactive' | 'recording' = 'inactive';
    mimeType = 'audio/webm';
    ondataavailable: ((e: { data: Blob }) => void) | null = null;
    onstop: (() => void) | null = null;
    start() { this.state = 'recording'; }
    stop() { this.state = 'inactive'; this.onstop?.(); }
  }
  vi.stubGlobal('MediaRecorder', FakeRecorder);
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia: vi.fn(async () => ({ getTracks: () => [track] })) } });
  return track;
}

describe('microphone recorder', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('releases the microphone when the page is left mid-recording, without handing on a half take', async () => {
    const track = fakeMicrophone();
    const recorded = vi.fn();
    const { container, unmount } = await renderPage(<Recorder onRecorded={recorded} />);
    await act(async () => container.querySelector('button')!.click());
    await settle();
    expect(container.querySelector('button')!.textContent).toBe('Stop recording');
    unmount();
    expect(track.stop).toHaveBeenCalled();
    expect(recorded).not.toHaveBeenCalled();
  });

  it('hands the take on and releases the microphone when stopped', async () => {
    const track = fakeMicrophone();
    const recorded = vi.fn();
    const { container, unmount } = await renderPage(<Recorder onRecorded={recorded} />);
    await act(async () => container.querySelector('button')!.click());
    await settle();
    await act(async () => container.querySelector('button')!.click());
    expect(recorded).toHaveBeenCalledOnce();
    expect(track.stop).toHaveBeenCalled();
    unmount();
  });
});
