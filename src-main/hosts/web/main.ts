// `npm run start:web`: the real core and the built renderer on loopback, for development, tests and
// support on machines without the Electron binary.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bootCore } from '../../core/boot';
import { defaultDataDir } from '../../core/data-dir';
import { startWebHost } from './web-host';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    renderer: { type: 'string', default: join(root, 'out', 'renderer') },
    /** Real readers and gateway only: no simulated cards, no embedded gateway simulator. */
    'no-demo': { type: 'boolean', default: false },
  },
});

const rendererDir = resolve(values.renderer);
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error(`No built UI in ${rendererDir}. Run "npm run build" first.`);
  process.exit(1);
}
const dataDir = values['data-dir'] ?? defaultDataDir();
const booted = await bootCore({ host: 'web', dataDir, demo: !values['no-demo'] });
const { core, logger } = booted;
const host = await startWebHost({
  core,
  rendererDir,
  logger,
  port: Number(values.port),
});
console.log(`Tiếp đón web host: open ${host.url}`);
if (booted.demoGatewayUrl) console.log(`Demo gateway simulator: ${booted.demoGatewayUrl} (faults: POST /__sim/faults)`);

const stop = async () => {
  await host.close();
  await booted.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
