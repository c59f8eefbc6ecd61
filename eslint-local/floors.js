// The floors rule: an import inside src-main/ may stay on its floor or go down, never up (the table is
// floors.json, explained in docs/architecture.md). Production code never reaches src-main/dev/ except
// through the demo module; tests, which may use anything, are not checked. Static imports, re-exports,
// dynamic import() and import types all count.
import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import table from './floors.json' with { type: 'json' };

const floorOf = new Map(table.floors.flatMap((floor, level) => floor.folders.map((folder) => [folder, { level, name: floor.name }])));
const isTest = (file) => /\.(test|system)\.tsx?$/.test(file);

/** The folder of src-main/ a path is in, or is (an import of `../store` names the folder): null outside src-main/ or for a file at its top. */
function folderOf(root, path) {
  const parts = relative(root, path).split(sep);
  if (parts[0] === '..' || parts[0] === '') return null;
  if (parts.length > 1) return parts[0];
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? parts[0] : null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const floorsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports in src-main/ go down the floors; production never imports src-main/dev/' },
    schema: [],
    messages: {
      up: "src-main/{{from}} ({{fromFloor}}) may not import src-main/{{to}} ({{toFloor}}): imports only go down the floors (docs/architecture.md).",
      dev: 'Production code never imports src-main/dev/ (simulators, test PKI, benchmarks, fakes); only demo/ may, and it is loaded by dynamic import().',
      unplaced: 'src-main/{{folder}} has no floor: add it to eslint-local/floors.json and docs/architecture.md.',
    },
  },
  create(context) {
    const file = context.filename;
    const root = resolve(context.cwd, 'src-main');
    const from = folderOf(root, file);
    if (!from || from === table.dev || isTest(file)) return {};
    const fromFloor = floorOf.get(from);
    if (!fromFloor) {
      return { Program: (node) => context.report({ node, messageId: 'unplaced', data: { folder: from } }) };
    }
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = folderOf(root, resolve(dirname(file), source));
      if (!to || to === from) return;
      if (to === table.dev) {
        if (from !== table.bridge) context.report({ node, messageId: 'dev' });
        return;
      }
      const toFloor = floorOf.get(to);
      if (!toFloor) context.report({ node, messageId: 'unplaced', data: { folder: to } });
      else if (toFloor.level > fromFloor.level) context.report({ node, messageId: 'up', data: { from, to, fromFloor: fromFloor.name, toFloor: toFloor.name } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportType: (node) => {
        const literal = node.argument?.literal ?? node.source;
        if (literal?.type === 'Literal') check(node, literal.value);
      },
    };
  },
};

export const floors = { rules: { floors: floorsRule } };
