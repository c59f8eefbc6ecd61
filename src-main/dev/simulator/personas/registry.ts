// The personas the simulator offers: sources under fixtures/personas/sources, generated chip images under
// fixtures/personas/chips (`npm run fixtures`). `an` comes first: it is the demo's default patient.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChipImage } from '../chip-image';
import { summarize, type PersonaSummary } from './persona-builder';
import { PersonaSource } from './persona-source';

export function personasDir(): string {
  return process.env.TIEPDON_PERSONAS_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/personas');
}

export class PersonaNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no persona "${id}"`);
    this.name = 'PersonaNotFoundError';
  }
}

export function loadPersonaSources(dir = personasDir()): PersonaSource[] {
  const sourcesDir = join(dir, 'sources');
  return readdirSync(sourcesDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => PersonaSource.parse(JSON.parse(readFileSync(join(sourcesDir, name), 'utf8'))))
    .sort((a, b) => (a.id === 'an' ? -1 : b.id === 'an' ? 1 : a.id.localeCompare(b.id)));
}

export function listPersonas(dir = personasDir()): PersonaSummary[] {
  return loadPersonaSources(dir).map(summarize);
}

export function chipImagePath(id: string, dir = personasDir()): string {
  return join(dir, 'chips', `${id}.json`);
}

export function loadChipImage(id: string, dir = personasDir()): ChipImage {
  if (!/^[a-z0-9-]+$/.test(id)) throw new PersonaNotFoundError(id);
  const path = chipImagePath(id, dir);
  if (!existsSync(path)) throw new PersonaNotFoundError(id);
  return ChipImage.parse(JSON.parse(readFileSync(path, 'utf8')));
}
