// `tiepdon sim personas` lists the simulated cards; `tiepdon sim serve` puts one into pcscd via vpcd.
import { parseArgs } from 'node:util';
import { cryptoRandom } from '../../card/crypto/random';
import { loadChipImage, listPersonas } from '../simulator/personas/registry';
import { VirtualCard } from '../simulator/virtual-card';
import { VpcdBridge } from '../simulator/vpcd-bridge';
import { printJson, type CliIo } from '../../cli/io';

export async function simCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'personas') {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
    const personas = listPersonas();
    if (values.json) printJson(io, personas);
    else for (const persona of personas) io.out(`${persona.id.padEnd(22)} ${persona.description}`);
    return 0;
  }
  if (sub === 'serve') {
    const { values } = parseArgs({
      args: rest,
      options: { persona: { type: 'string' }, port: { type: 'string', default: '35963' }, host: { type: 'string', default: 'localhost' } },
    });
    if (!values.persona) {
      io.err('sim serve needs --persona <id> (see: sim personas)');
      return 2;
    }
    const card = new VirtualCard(loadChipImage(values.persona), cryptoRandom);
    const bridge = new VpcdBridge(card, {
      host: values.host,
      port: Number(values.port),
      onState: (state) => io.err(`vpcd ${values.host}:${values.port}: ${state}`),
    });
    bridge.start();
    io.err(`Simulated card "${values.persona}" offered to vpcd at ${values.host}:${values.port}; stop with Ctrl+C.`);
    await new Promise<void>((resolve) => {
      const stop = () => void bridge.stop().then(resolve);
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    return 0;
  }
  io.err('Usage: sim personas [--json] | sim serve --persona <id> [--port 35963] [--host localhost]');
  return 2;
}
