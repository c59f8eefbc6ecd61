import { describe, expect, it } from 'vitest';
import en from './en.json';
import vi from './vi.json';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, item]) => keys(item, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as object).flatMap(leaves);
}

describe('translations', () => {
  it('Vietnamese and English have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });

  it('no string is empty, and Vietnamese text carries its diacritics', () => {
    for (const text of [...leaves(vi), ...leaves(en)]) expect(text.trim()).not.toBe('');
    expect(vi.app.title).toBe('Tiếp đón');
    expect(vi.readers.title).toBe('Đầu đọc thẻ');
  });
});
