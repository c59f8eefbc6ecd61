import { parseArgs } from 'node:util';
import type { ReaderPort } from '../../reader/port';
import { printJson, type CliIo } from '../io';

const serviceAdvice = {
  'service-unavailable': 'Dịch vụ thẻ thông minh (PC/SC) chưa chạy. / The smart-card service (PC/SC) is not running: on Linux start pcscd; on Windows start the "Smart Card" service.',
  'driver-missing': 'Không nạp được thư viện PC/SC. / The PC/SC library could not be loaded: on Linux install libpcsclite1.',
} as const;

export async function readersCommand(args: string[], io: CliIo, readers: ReaderPort): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const list = await readers.list();
  if (list.service !== 'ok') io.err(serviceAdvice[list.service]);
  if (values.json) {
    printJson(io, list.readers);
    return 0;
  }
  if (list.readers.length === 0) io.out('Không có đầu đọc thẻ nào. / No card readers.');
  for (const reader of list.readers) {
    io.out(`${reader.name}\t${reader.cardPresent ? `card ${reader.atr ?? ''}` : 'no card'}`);
  }
  return 0;
}
