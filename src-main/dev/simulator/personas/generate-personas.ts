// `npm run fixtures:personas`: every persona source → fixtures/personas/chips/<id>.json, with EF.SOD signed
// by the test PKI (fixtures/pki, made first by `npm run fixtures:pki`) and a synthetic face in DG2.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildDg2 } from '../lds/dg2-builder';
import { buildSod, tamperSodSignature } from '../lds/sod-builder';
import { largeSyntheticFace, syntheticFace } from '../images/synthetic-face';
import { loadTestPki } from '../pki/test-pki';
import { buildChipImage, type PersonaTools } from './persona-builder';
import { chipImagePath, loadPersonaSources } from './registry';

const pki = loadTestPki();
const signers = { ecdsa: pki.signers.ecdsa, rsa: pki.signers.rsa, 'rsa-pss': pki.signers.rsaPss, untrusted: pki.signers.untrusted };

const tools: PersonaTools = {
  signer: (kind) => signers[kind],
  buildSod: (dataGroups, kind) => buildSod({ dataGroups, signer: signers[kind] }),
  tamperSodSignature,
  face: (seed, kind) => {
    const bytes = kind === 'jpeg-large' ? largeSyntheticFace(seed) : syntheticFace({ seed, format: kind === 'jp2' ? 'jp2' : 'jpeg' });
    const size = kind === 'jpeg-large' ? { width: 480, height: 640 } : { width: 240, height: 320 };
    return { bytes, mimeType: kind === 'jp2' ? 'image/jp2' : 'image/jpeg', ...size };
  },
  buildDg2: (image, mimeType, size) => buildDg2(image, mimeType, size),
};

const sources = loadPersonaSources();
const byId = new Map(sources.map((source) => [source.id, source]));
for (const source of sources) {
  const original = source.clonedFrom ? byId.get(source.clonedFrom) : source;
  if (!original) throw new Error(`${source.id}: clonedFrom ${source.clonedFrom} does not exist`);
  const image = buildChipImage(source, tools, original);
  const path = chipImagePath(source.id);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(image, null, 1)}\n`);
  console.log(`${source.id}: ${Object.keys(image.files).length} files → ${path}`);
}
