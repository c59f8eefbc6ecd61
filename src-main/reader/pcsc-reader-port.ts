// Reader port over the PC/SC service. Hot-plug recovery and card sessions grow here (reader issue);
// for now it lists readers and relays the binding's monitor events.
import type { ReaderEvent, ReaderList } from '../contract';
import { NativeModuleError } from '../../native/errors';
import { connectPcsc, listPcscReaders, pcscErrorKind, PcscServiceError, watchPcsc } from '../../native/pcsc';
import { ReaderError, type CardConnection, type ReaderPort } from './port';
import { toHex } from '../util/bytes';

export class PcscReaderPort implements ReaderPort {
  async list(): Promise<ReaderList> {
    try {
      const readers = listPcscReaders().map((reader) => ({
        name: reader.name,
        cardPresent: reader.cardPresent,
        atr: reader.atr ? toHex(reader.atr) : null,
      }));
      return { service: 'ok', readers };
    } catch (error) {
      if (error instanceof PcscServiceError) return { service: 'service-unavailable', readers: [] };
      if (error instanceof NativeModuleError) return { service: 'driver-missing', readers: [] };
      throw error;
    }
  }

  watch(listener: (event: ReaderEvent) => void): () => void {
    try {
      return watchPcsc((event) => {
        switch (event.type) {
          case 'reader-attached':
            return listener({ type: 'reader-added', reader: event.reader });
          case 'reader-detached':
            return listener({ type: 'reader-removed', reader: event.reader });
          case 'card-inserted':
            return listener({ type: 'card-inserted', reader: event.reader, atr: event.atr ? toHex(event.atr) : null });
          case 'card-removed':
            return listener({ type: 'card-removed', reader: event.reader });
          case 'error':
            return listener({ type: 'service-changed', service: 'service-unavailable' });
        }
      });
    } catch (error) {
      listener({ type: 'service-changed', service: error instanceof NativeModuleError ? 'driver-missing' : 'service-unavailable' });
      return () => {};
    }
  }

  async connect(reader: string): Promise<CardConnection> {
    let card;
    try {
      card = await connectPcsc(reader);
    } catch (error) {
      throw toReaderError(error);
    }
    return {
      reader,
      atr: toHex(card.atr),
      transmit: async (apdu) => {
        try {
          return await card.transmit(apdu);
        } catch (error) {
          throw toReaderError(error);
        }
      },
      close: async () => card.disconnect(),
    };
  }
}

function toReaderError(error: unknown): ReaderError {
  if (error instanceof ReaderError) return error;
  if (error instanceof NativeModuleError) return new ReaderError('driver-missing', error.message);
  if (error instanceof PcscServiceError) return new ReaderError('service-unavailable', error.message);
  const message = error instanceof Error ? error.message : String(error);
  switch (pcscErrorKind(error)) {
    case 'card-removed':
      return new ReaderError('card-removed', message);
    case 'sharing-violation':
      return new ReaderError('reader-busy', message);
    case 'service':
      return new ReaderError('service-unavailable', message);
    case 'no-card':
      return new ReaderError('no-card', message);
    default:
      return new ReaderError(/no reader/.test(message) ? 'no-reader' : 'transport', message);
  }
}
