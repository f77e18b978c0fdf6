import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../renderer/api/sse-parser';

describe('SseParser', () => {
  it('parses id, event and data, whatever the chunk boundaries', () => {
    const text = 'retry: 3000\n\n: ping\n\nid: 7\nevent: runtime\ndata: {"a":1}\n\nevent: hello\ndata: x\ndata: y\r\n\r\n';
    const retries: number[] = [];
    for (const size of [1, 2, 5, text.length]) {
      const parser = new SseParser((ms) => retries.push(ms));
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      expect(events).toEqual([
        { id: '7', event: 'runtime', data: '{"a":1}' },
        { id: undefined, event: 'hello', data: 'x\ny' },
      ]);
      expect(parser.lastEventId).toBe('7');
    }
    expect(retries).toEqual([3000, 3000, 3000, 3000]);
  });

  it('keeps an incomplete event until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('event: runtime\ndata: {}')).toEqual([]);
    expect(parser.push('\n\n')).toEqual([{ id: undefined, event: 'runtime', data: '{}' }]);
  });
});
