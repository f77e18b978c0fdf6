/** One colour per speaker, by order of appearance; readable on light and dark backgrounds. */
const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6', '#84cc16'];

export function speakerColour(speakers: string[], speaker: string | undefined): string {
  const i = speaker === undefined ? -1 : speakers.indexOf(speaker);
  return i < 0 ? '#888888' : PALETTE[i % PALETTE.length]!;
}
