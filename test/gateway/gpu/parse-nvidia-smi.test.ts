import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SampleAssembler, numberValue, parseComputeAppLine, parseComputeApps, parseGpuLine } from '../../../gateway/gpu/parse-nvidia-smi';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../../fixtures/nvidia-smi', name), 'utf8');
const MIB = 1024 * 1024;

describe('nvidia-smi CSV parser', () => {
  it('reads one tick of 8×H200 in bytes, %, °C and W', () => {
    const lines = fixture('h200x8-query-gpu.csv').trim().split('\n');
    const gpus = lines.map(parseGpuLine);
    expect(gpus.map((g) => g?.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(gpus[0]).toEqual({
      index: 0, uuid: 'GPU-9e3779b1-daa6-1715-5384-cc623a9b8d12', name: 'NVIDIA H200', pciBusId: '00000000:1B:00.0',
      memoryUsedBytes: 70236 * MIB, memoryTotalBytes: 143771 * MIB, utilizationPct: 27, temperatureC: 37, powerW: 236.31, powerLimitW: 700,
    });
    expect(gpus[7]?.pciBusId).toBe('00000000:DF:00.0');
  });

  it('turns every missing-value spelling into null, never 0', () => {
    const [a, b, c] = fixture('h200-missing-fields.csv').trim().split('\n').map(parseGpuLine);
    expect(a).toMatchObject({ memoryUsedBytes: 1024 * MIB, utilizationPct: null, temperatureC: 41, powerW: null, powerLimitW: null });
    expect(b).toMatchObject({ pciBusId: null, memoryUsedBytes: null, utilizationPct: null, temperatureC: null, powerW: 75.31, powerLimitW: 700 });
    expect(c).toMatchObject({ index: 2, memoryUsedBytes: null, memoryTotalBytes: null, utilizationPct: null, temperatureC: null, powerW: null, powerLimitW: null });
  });

  it('keeps a real zero as zero and tolerates units left in', () => {
    expect(numberValue('0')).toBe(0);
    expect(numberValue('71 MiB')).toBe(71);
    expect(numberValue('[Insufficient Permissions]')).toBeNull();
    expect(numberValue('abc')).toBeNull();
  });

  it('rejects headers, blanks, driver messages and short lines', () => {
    expect(parseGpuLine('index, uuid, name, pci.bus_id, memory.used [MiB], memory.total [MiB], utilization.gpu [%], temperature.gpu, power.draw [W], power.limit [W]')).toBeNull();
    expect(parseGpuLine('')).toBeNull();
    expect(parseGpuLine("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")).toBeNull();
    expect(parseGpuLine('0, GPU-1, NVIDIA H200')).toBeNull();
    expect(parseGpuLine('[N/A], [N/A], NVIDIA H200, [N/A], 1, 2, 3, 4, 5, 6')).toBeNull();
  });

  it('parses compute apps, including a process name with ", " in it and [N/A] memory (MIG)', () => {
    const apps = parseComputeApps(fixture('h200x8-compute-apps.csv'));
    expect(apps).toEqual([
      { pid: 4242, processName: '/usr/bin/python3', usedBytes: 70236 * MIB, gpuUuid: 'GPU-9e3779b1-daa6-1715-5384-cc623a9b8d12', gpuBusId: '00000000:1B:00.0' },
      { pid: 4242, processName: '/opt/venv/bin/python3', usedBytes: 12288 * MIB, gpuUuid: 'GPU-78dde6c4-6a99-5c55-4e11-3188ea6c2344', gpuBusId: '00000000:61:00.0' },
    ]);
    expect(parseComputeAppLine('77, VLLM::Worker, TP0, [N/A], GPU-abc, 00000000:1B:00.0')).toEqual({ pid: 77, processName: 'VLLM::Worker, TP0', usedBytes: null, gpuUuid: 'GPU-abc', gpuBusId: '00000000:1B:00.0' });
    expect(parseComputeApps('')).toEqual([]);
    expect(parseComputeApps('No running processes found\n')).toEqual([]);
  });
});

describe('sample assembler', () => {
  const tick = fixture('h200x8-query-gpu.csv').trim().split('\n');

  it('groups a tick by the largest batch seen, then by repeated index', () => {
    const a = new SampleAssembler();
    for (const line of tick) expect(a.push(line)).toBeNull();
    expect(a.flush()?.length).toBe(8);
    const batches = [...tick, ...tick].map((l) => a.push(l)).filter(Boolean);
    expect(batches.map((b) => b!.length)).toEqual([8, 8]);
  });

  it('ends a batch when an index repeats before the count is known', () => {
    const a = new SampleAssembler();
    expect(a.push(tick[0]!)).toBeNull();
    expect(a.push(tick[1]!)).toBeNull();
    expect(a.push(tick[0]!)?.map((g) => g.index)).toEqual([0, 1]);
  });

  it('counts malformed lines without emitting them', () => {
    const a = new SampleAssembler();
    a.push('garbage');
    a.push('');
    expect(a.rejectedLines).toBe(1);
    expect(a.flush()).toBeNull();
  });
});
