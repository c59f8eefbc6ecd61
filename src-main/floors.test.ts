// The floors of src-main/ hold together: docs/architecture.md and the lint rule's table
// (eslint-local/floors.json) name every folder on the same floor, and no production module imports
// itself round a circle (the lint rule only sees one import at a time).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import table from '../eslint-local/floors.json' with { type: 'json' };

const root = resolve(import.meta.dirname);
const isProduction = (file: string) => /\.tsx?$/.test(file) && !/\.(test|system)\.ts$/.test(file) && !file.endsWith('.d.ts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : isProduction(path) ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Every circle of imports among the given files (Tarjan's strongly connected components of size > 1). */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The rows of the floors table in docs/architecture.md: "| 2 protocols and ports | `card/` | …". */
function documentedFloors(): { floor: string; folder: string }[] {
  const doc = readFileSync(resolve(root, '../docs/architecture.md'), 'utf8');
  return [...doc.matchAll(/^\| (?:\d )?([a-z ]+?) \| `([a-z-]+)\/` \|/gm)].map(([, floor, folder]) => ({ floor: floor!, folder: folder! }));
}

describe('floors', () => {
  const folders = readdirSync(root).filter((name) => statSync(join(root, name)).isDirectory());
  const ruled = [...table.floors.flatMap((floor) => floor.folders.map((folder) => ({ floor: floor.name, folder }))), { floor: 'beside', folder: table.dev }];

  it('every folder of src-main/ has a floor in the lint rule and in docs/architecture.md', () => {
    expect(folders.length).toBeGreaterThan(15);
    const documented = new Set(documentedFloors().map((row) => row.folder));
    expect(folders.filter((folder) => !documented.has(folder))).toEqual([]);
    expect(folders.filter((folder) => !ruled.some((row) => row.folder === folder))).toEqual([]);
  });

  it('docs/architecture.md puts each folder on the floor the lint rule does', () => {
    const byFolder = (rows: { floor: string; folder: string }[]) => Object.fromEntries(rows.map((row) => [row.folder, row.floor]));
    expect(byFolder(documentedFloors())).toEqual(byFolder(ruled));
  });

  it('no circle of imports among production modules', () => {
    const graph = new Map<string, string[]>();
    for (const file of sources(root)) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = importedFiles.map((entry) => resolveImport(file, entry.fileName)).filter((target): target is string => target !== null && isProduction(target));
      graph.set(file, targets);
    }
    expect(graph.size).toBeGreaterThan(200);
    expect(circles(graph).map((circle) => circle.map((file) => relative(root, file)).sort())).toEqual([]);
  });
});
