// Several reader ports as one: demo mode shows the simulated reader beside any real PC/SC readers.
import type { ReaderEvent, ReaderList } from '../contract';
import { ReaderError, type CardConnection, type ReaderPort } from './port';

export class CompositeReaderPort implements ReaderPort {
  constructor(private readonly ports: ReaderPort[]) {}

  async list(): Promise<ReaderList> {
    const lists = await Promise.all(this.ports.map((port) => port.list()));
    // The service state is the real readers' (the simulated one never fails).
    const service = lists.find((list) => list.service !== 'ok')?.service ?? 'ok';
    return { service, readers: lists.flatMap((list) => list.readers) };
  }

  watch(listener: (event: ReaderEvent) => void): () => void {
    const stops = this.ports.map((port) => port.watch(listener));
    return () => stops.forEach((stop) => stop());
  }

  async connect(reader: string): Promise<CardConnection> {
    for (const port of this.ports) {
      const { readers } = await port.list();
      if (readers.some((candidate) => candidate.name === reader)) return port.connect(reader);
    }
    throw new ReaderError('no-reader', `no reader named ${reader}`);
  }
}
