// `npm run start:web`: the real core and the built renderer on loopback, for development, tests and
// support on machines without the Electron binary. Production unless `--demo` (or `npm run demo`).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openAppSession, type AppSession } from '../../core/app-session';
import { defaultDataDir } from '../../core/data-dir';
import { recoveryReasonOf, recoveryRoute, unavailableCore } from '../../core/recovery';
import { createLogger } from '../../log/logger';
import { startWebHost } from './web-host';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    renderer: { type: 'string', default: join(projectRoot, 'out', 'renderer') },
    /** Simulated cards and the embedded gateway simulator, in `<data-dir>/demo/`. */
    demo: { type: 'boolean', default: false },
    /** Demo only: simulated cards answer at once instead of at a real chip's pace (soak and load tests). */
    'instant-cards': { type: 'boolean', default: false },
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
const dataRoot = values['data-dir'] ?? defaultDataDir();
const port = Number(values.port);

/** A damaged database or settings file: the files stay as they are, and the browser is shown why. */
async function serveRecovery(error: unknown): Promise<void> {
  const reason = recoveryReasonOf(error);
  const logger = await createLogger({ dataDir: dataRoot });
  logger.fatal({ err: error, reason }, 'the core could not start');
  const host = await startWebHost({ core: unavailableCore(reason), rendererDir, logger, port, landing: recoveryRoute(reason) });
  console.error(`Tiếp đón could not start (${reason}): ${error instanceof Error ? error.message : String(error)}`);
  console.log(`Tiếp đón web host: open ${host.url} (recovery screen)`);
  const stop = async () => {
    await host.close();
    process.exit(1);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function serve(session: AppSession): Promise<void> {
  const host = await startWebHost({ core: session, upload: session.upload, download: session.download, rendererDir, logger: session.logger, port });
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
}

await openAppSession({
  host: 'web',
  root: dataRoot,
  demo: values.demo,
  simDelays: !values['instant-cards'],
  loadDemo: async (options) => (await import('../../demo/demo')).openDemo(options),
}).then(serve, serveRecovery);
