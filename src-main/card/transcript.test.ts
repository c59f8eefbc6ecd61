import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSCRIPT_DATE, TRANSCRIPTS, transcriptPath } from '../dev/simulator/personas/record-transcripts';
import { readChip } from './read/chip-reader';
import { TranscriptReplay } from './transcript';

describe('recorded sessions replay byte for byte', () => {
  it.each(TRANSCRIPTS)('$persona', async ({ persona, access }) => {
    const replay = new TranscriptReplay(readFileSync(transcriptPath(persona), 'utf8'));
    const read = await readChip(replay.channel, { access, now: TRANSCRIPT_DATE, random: replay.random });
    replay.assertComplete();
    expect(read.chipAuthentication.result).toBe('passed');
    expect(read.holder?.idNumber).toMatch(/^\d{12}$/);
  });

  it('a tampered transcript fails with a clear divergence error', async () => {
    const lines = readFileSync(transcriptPath('an'), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes('"apdu"') && line.includes('"command":"0C'));
    const entry = JSON.parse(lines[index]!) as { command: string };
    entry.command = entry.command.slice(0, -2) + (entry.command.endsWith('00') ? '01' : '00');
    lines[index] = JSON.stringify(entry);
    const replay = new TranscriptReplay(lines.join('\n'));
    await expect(readChip(replay.channel, { access: TRANSCRIPTS[0]!.access, now: TRANSCRIPT_DATE, random: replay.random })).rejects.toMatchObject({
      code: 'replay-divergence',
      message: expect.stringContaining(`line ${index + 1}: expected command`),
    });
  });

  it('a different key diverges at once instead of answering from the wrong session', async () => {
    const replay = new TranscriptReplay(readFileSync(transcriptPath('an'), 'utf8'));
    await expect(readChip(replay.channel, { access: { kind: 'can', can: '999999' }, now: TRANSCRIPT_DATE, random: replay.random })).rejects.toMatchObject({
      code: 'replay-divergence',
    });
  });
});
