import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../../gateway/events/event-bus';
import { EventLog } from '../../../../gateway/events/event-log';
import { createLogger } from '../../../../gateway/logging/logger';
import { EngineOutput } from '../../../../gateway/engines/llm/engine-output';

describe('engine output → runtime events', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows milestones, warnings and errors, at most 20 per 10 s, then says how many were skipped', () => {
    const events = new EventBus(new EventLog({ dir: null }));
    const out = new EngineOutput('qwen', events, createLogger('silent'));
    out.line('INFO 11-26 08:44:43 [gpu_model_runner.py:2602] Loading weights took 0.42 seconds');
    out.line('INFO 11-26 08:44:43 [metrics.py:1] Avg prompt throughput: 0.0 tokens/s');
    out.line('\x1b[33mWARNING 11-26 08:44:43 [config.py:1] Casting torch.bfloat16 to torch.float16.\x1b[0m');
    const kinds = () => events.log.query({ limit: 500 });
    expect(kinds().map((e) => [e.level, e.message])).toEqual([
      ['info', 'INFO 11-26 08:44:43 [gpu_model_runner.py:2602] Loading weights took 0.42 seconds'],
      ['warn', 'WARNING 11-26 08:44:43 [config.py:1] Casting torch.bfloat16 to torch.float16.'],
    ]);
    for (let i = 0; i < 30; i++) out.line(`ERROR 11-26 08:44:44 [core.py:1] failure ${i}`);
    expect(kinds()).toHaveLength(20);
    vi.advanceTimersByTime(10_000);
    out.line('INFO 11-26 08:44:55 [api_server.py:1] Application startup complete.');
    const last = kinds().slice(-2);
    expect(last[0]).toMatchObject({ kind: 'engine.output_skipped', message: expect.stringContaining('12 lines') });
    expect(last[1]!.message).toContain('Application startup complete');
    expect(out.lastLines(1)).toEqual(['INFO 11-26 08:44:55 [api_server.py:1] Application startup complete.']);
  });
});
