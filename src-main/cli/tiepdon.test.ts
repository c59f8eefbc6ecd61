import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { appVersion } from '../util/app-meta';
import { FakeReaderPort } from '../dev/testing/fakes';
import { readersCommand } from './commands/readers';
import type { CliIo } from './io';
import { runCli } from './tiepdon';

function bufferIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { io, out, err };
}

/** The CLI as support staff run it: `npm run -s tiepdon -- …`. */
function tiepdon(...args: string[]) {
  return spawnSync('npm', ['run', '-s', 'tiepdon', '--', ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('tiepdon CLI', () => {
  it('readers --json prints a JSON array and exits 0, whatever the PC/SC service says', () => {
    const result = tiepdon('readers', '--json');
    expect(result.status).toBe(0);
    const readers = JSON.parse(result.stdout) as unknown[];
    expect(Array.isArray(readers)).toBe(true);
    for (const reader of readers) expect(Object.keys(reader as object).sort()).toEqual(['atr', 'cardPresent', 'name']);
  });

  it('--help lists the commands, version prints the package version', () => {
    const help = tiepdon('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('readers [--json]');
    expect(tiepdon('version').stdout.trim()).toBe(appVersion);
  });

  it('an unknown command or option exits non-zero with a message on stderr', () => {
    const unknown = tiepdon('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const badOption = tiepdon('readers', '--jsn');
    expect(badOption.status).toBe(2);
    expect(badOption.stdout).toBe('');
  });

  it('readers reports the reader state as name, cardPresent and ATR', async () => {
    const { io, out } = bufferIo();
    const port = new FakeReaderPort({
      service: 'ok',
      readers: [
        { name: 'Virtual PCD 00 00', cardPresent: true, atr: '3B8A80010031C173C8400000900090' },
        { name: 'Virtual PCD 00 01', cardPresent: false, atr: null },
      ],
    });
    expect(await readersCommand(['--json'], io, port)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual(port.readers.readers);
  });

  it('says why the list is empty when the PC/SC service is down', async () => {
    const { io, out, err } = bufferIo();
    expect(await readersCommand(['--json'], io, new FakeReaderPort({ service: 'service-unavailable', readers: [] }))).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual([]);
    expect(err.join('')).toMatch(/PC\/SC/);
  });

  it('sim personas --json lists every required persona with its keys', () => {
    const result = tiepdon('sim', 'personas', '--json');
    expect(result.status).toBe(0);
    const personas = JSON.parse(result.stdout) as Record<string, unknown>[];
    const ids = personas.map((persona) => persona.id);
    for (const id of ['an', 'an-bac', 'tampered-dg13', 'forged-sod', 'untrusted-issuer', 'cloned-chip', 'no-sod', 'malformed-dg13', 'short-apdu-only', 'slow']) {
      expect(ids).toContain(id);
    }
    expect(personas.length).toBeGreaterThanOrEqual(12);
    for (const persona of personas) expect(Object.keys(persona).sort()).toEqual(['can', 'dateOfBirth', 'description', 'id', 'idNumber', 'mrzKey']);
    expect(personas.find((persona) => persona.id === 'an')).toEqual({
      id: 'an',
      description: expect.any(String),
      can: '012345',
      idNumber: '001090012345',
      dateOfBirth: '15/03/1990',
      mrzKey: '090012345:900315:500315',
    });
    expect(personas.find((persona) => persona.id === 'an-bac')?.can).toBeNull();
    expect(personas.find((persona) => persona.id === 'passport-utopia')?.idNumber).toBeNull();
  });

  it('help is the default command', async () => {
    const { io, out } = bufferIo();
    expect(await runCli([], io)).toBe(0);
    expect(out.join('')).toContain('Usage:');
  });
});
