/** Amplitude of the component at `hz` in a 16 kHz signal (one DFT bin), away from the edges. */
export function amplitudeAt(x: Float32Array, hz: number): number {
  let re = 0, im = 0;
  const a = 2000, b = x.length - 2000;
  for (let i = a; i < b; i++) {
    re += x[i]! * Math.cos((2 * Math.PI * hz * i) / 16_000);
    im += x[i]! * Math.sin((2 * Math.PI * hz * i) / 16_000);
  }
  return (2 * Math.hypot(re, im)) / (b - a);
}
