// A desk's card reads as a stream of events: progress by step, the identity as soon as DG13 is read, then
// the insurance lookup (started at once, while the chip is still being verified), the verification
// verdict and the photo. The last reads are kept so that a check-in can use what the chip proved.
import { randomUUID } from 'node:crypto';
import type { ChipRead } from '../card/read/chip-reader';
import type { Mrz } from '../card/lds/dg1';
import type { FaceImage } from '../card/lds/dg2';
import type { AccessInput } from '../card/keys/access-key';
import { parseMrzKey } from '../card/keys/mrz-key';
import type { Clock } from '../util/clock';
import { CodedError } from '../contract/errors';
import type { AccessKey, Eligibility, Holder, ReadChannel, ReadEvent, Verification } from '../contract/reads';
import { readVerified } from '../identity/card-read-service';
import { mrzSummary } from '../identity/read-json';
import { PhotoDecoder, PhotoError } from '../imaging/photo-decoder';
import { GatewayError, type EligibilityResult, type GatewayClient, type Staff } from '../insurance';
import type { Logger } from '../log/logger';
import type { ReaderPort } from '../reader/port';
import type { TrustStore } from '../trust/trust-store';
import { eligibilityView, pendingEligibility } from './eligibility-view';

export interface DeskRead {
  readId: string;
  reader: string;
  holder: Holder | null;
  mrz: Mrz | null;
  documentType: ChipRead['documentType'] | null;
  verification: Verification | null;
  eligibility: Eligibility | null;
  /** The gateway's own answer, kept for the check-in record; 'pending' when it could not be asked. */
  eligibilityResult: EligibilityResult | 'pending' | null;
  photo: FaceImage | null;
  done: boolean;
  failed: boolean;
}

export interface DeskReadsDeps {
  readers: ReaderPort;
  trust: () => TrustStore;
  /** The gateway client and whom the lookup is made as: the desk's operator, or the kiosk's. */
  gateway: (channel: ReadChannel) => { client: GatewayClient; staff: Staff } | null;
  clock: Clock;
  logger: Logger;
  emit: (event: ReadEvent) => void;
}

const KEPT_READS = 20;

export function accessInputOf(key: AccessKey): AccessInput {
  switch (key.kind) {
    case 'can':
      return { kind: 'can', can: key.can };
    case 'id-dob':
      return { kind: 'id-dob', idNumber: key.idNumber, dateOfBirth: key.dateOfBirth };
    case 'mrz':
      return { kind: 'mrz', key: parseMrzKey(key.key) };
    case 'qr':
      return { kind: 'qr', text: key.text };
  }
}

/** A failed read as the desk shows it: the coded error's own words; anything else is a fault of ours. */
function failure(error: unknown): { code: string; vi: string; en: string } {
  if (error instanceof CodedError) return { code: error.code, ...error.words };
  return { code: 'internal', vi: 'Đã xảy ra lỗi khi đọc thẻ.', en: 'Something went wrong while reading the card.' };
}

export class DeskReads {
  private readonly reads = new Map<string, DeskRead>();
  private readonly photos = new PhotoDecoder();

  constructor(private readonly deps: DeskReadsDeps) {}

  async close(): Promise<void> {
    await this.photos.close();
  }

  get(readId: string): DeskRead | undefined {
    return this.reads.get(readId);
  }

  /** Starts a read and returns its id at once; everything else arrives as events. */
  start(reader: string, key: AccessKey, channel: ReadChannel = 'desk'): string {
    const readId = randomUUID();
    const state: DeskRead = { readId, reader, holder: null, mrz: null, documentType: null, verification: null, eligibility: null, eligibilityResult: null, photo: null, done: false, failed: false };
    this.reads.set(readId, state);
    while (this.reads.size > KEPT_READS) this.reads.delete(this.reads.keys().next().value!);
    void this.run(state, key, channel);
    return readId;
  }

  private async run(state: DeskRead, key: AccessKey, channel: ReadChannel): Promise<void> {
    const { emit, clock } = this.deps;
    const { readId } = state;
    let lookup: Promise<void> = Promise.resolve();
    try {
      const { read, verification } = await readVerified(this.deps.readers, {
        reader: state.reader,
        access: accessInputOf(key),
        onProgress: (progress) => emit({ type: 'progress', readId, step: progress.step, atMs: progress.atMs }),
        onIdentity: ({ mrz, holder, access }) => {
          state.holder = holder;
          state.mrz = mrz;
          emit({
            type: 'identity',
            readId,
            reader: state.reader,
            access,
            documentType: holder ? 'cccd' : mrz.format === 'TD3' ? 'passport' : 'id-card',
            mrz: mrzSummary(mrz),
            holder,
          });
          // Names and dates sent to the gateway come from the chip, so typing cannot cause 060/070.
          if (holder?.idNumber && holder.fullName && holder.dateOfBirth) lookup = this.lookUp(state, holder, channel);
        },
      }, this.deps.trust(), clock);
      state.documentType = read.documentType;
      state.verification = verification;
      emit({ type: 'verification', readId, verification, warnings: read.warnings });
      state.photo = read.photo;
      // The check-in does not wait for the photo: it follows when its thread has decoded it, or says it cannot.
      if (read.photo) void this.showPhoto(readId, read.photo);
      await lookup;
    } catch (error) {
      this.deps.logger.warn({ code: (error as { code?: string }).code ?? 'internal' }, 'card read failed');
      state.failed = true;
      emit({ type: 'failed', readId, error: failure(error) });
    } finally {
      state.done = true;
    }
  }

  /** Decoded in its own thread, within its pixel and time limits; otherwise the desk says the photo is unavailable. */
  private async showPhoto(readId: string, face: FaceImage): Promise<void> {
    try {
      this.deps.emit({ type: 'photo', readId, dataUrl: await this.photos.decode(face) });
    } catch (error) {
      this.deps.logger.warn({ code: error instanceof PhotoError ? error.code : 'internal' }, 'photo unavailable');
      this.deps.emit({ type: 'photo-unavailable', readId });
    }
  }

  private async lookUp(state: DeskRead, holder: Holder, channel: ReadChannel): Promise<void> {
    const gateway = this.deps.gateway(channel);
    if (!gateway) return;
    let eligibility: Eligibility;
    try {
      const result = await gateway.client.lookupCard({ maThe: holder.idNumber!, hoTen: holder.fullName!, ngaySinh: holder.dateOfBirth! }, gateway.staff);
      state.eligibilityResult = result;
      eligibility = eligibilityView(result);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      this.deps.logger.warn({ code: error.code }, 'eligibility lookup deferred');
      state.eligibilityResult = 'pending';
      eligibility = pendingEligibility;
    }
    state.eligibility = eligibility;
    this.deps.emit({ type: 'eligibility', readId: state.readId, eligibility });
  }
}
