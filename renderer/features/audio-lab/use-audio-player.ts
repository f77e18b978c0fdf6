import { useCallback, useEffect, useRef, useState } from 'react';

/** An <audio> element on the dropped file, able to play one span (a segment) and stop at its end. */
export function useAudioPlayer(file: File | null) {
  const audio = useRef<HTMLAudioElement>(null);
  const stopAt = useRef<number | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return setUrl(null);
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    const onTime = () => {
      if (stopAt.current !== null && el.currentTime >= stopAt.current) {
        el.pause();
        stopAt.current = null;
      }
    };
    el.addEventListener('timeupdate', onTime);
    return () => el.removeEventListener('timeupdate', onTime);
  }, [url]);
  const playSpan = useCallback((start: number, end?: number) => {
    const el = audio.current;
    if (!el) return;
    el.currentTime = start;
    stopAt.current = end ?? null;
    void el.play().catch(() => undefined);
  }, []);
  return { audio, url, playSpan };
}
