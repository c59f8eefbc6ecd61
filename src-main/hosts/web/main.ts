// `npm run start:web`: the real core and the built renderer on loopback, for development, tests and
// support on machines without the Electron binary. Production unless `--demo` (or `npm run demo`).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openAppSession } from '../../core/app-session';
import { defaultDataDir } from '../../core/data-dir';
import { startWebHost } from './web-host';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    renderer: { type: 'string', default: join(root, 'out', 'renderer') },
    /** Simulated cards and the embedded gateway simulator, in `<data-dir>/demo/`. */
    demo: { type: 'boolean', default: false },
    /** As `npm start -- --kiosk` / `--display` would open them: the printed URL goes to that view. */
    kiosk: { type: 'boolean', default: false },
    display: { type: 'boolean', default: false },
  },
});

const rendererDir = resolve(values.renderer);
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error(`No built UI in ${rendererDir}. Run "npm run build" first.`);
  process.exit(1);
}
const session = await openAppSession({
  host: 'web',
  root: values['data-dir'] ?? defaultDataDir(),
  demo: values.demo,
  loadDemo: async (options) => (await import('../../demo/demo')).openDemo(options),
});
const host = await startWebHost({ core: session, upload: session.upload, download: session.download, rendererDir, logger: session.logger, port: Number(values.port) });
const view = values.kiosk ? '#/kiosk' : values.display ? '#/display' : '';
console.log(`Tiếp đón web host: open ${host.url}${view}`);
console.log(session.mode === 'demo' ? 'Mode: DEMO (simulated cards, embedded gateway simulator)' : 'Mode: production');
if (session.demoGatewayUrl) console.log(`Demo gateway simulator: ${session.demoGatewayUrl} (faults: POST /__sim/faults)`);

const stop = async () => {
  await host.close();
  await session.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
