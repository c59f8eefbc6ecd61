// The backup file: a versioned header, then the contents sealed with AES-256-GCM under a key that scrypt
// derives from the passphrase. The whole header is the cipher's additional data, so every byte of the file
// is authenticated; a check value in the header, from the same derivation, tells a wrong passphrase from
// a file altered after it was written. Sealing and opening happen in memory: nothing readable touches disk.
import { CodedError, type Words } from '../contract/errors';
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export type BackupErrorCode = 'not-a-backup' | 'unsupported-version' | 'weak-passphrase' | 'wrong-passphrase' | 'damaged' | 'target-not-empty' | 'no-installation' | 'newer-schema';

const backupWords: Record<BackupErrorCode, Words> = {
  'not-a-backup': { vi: 'Tệp này không phải bản sao lưu của Tiếp đón.', en: 'This file is not a Tiếp đón backup.' },
  'unsupported-version': { vi: 'Bản sao lưu này có định dạng mà phiên bản này chưa đọc được.', en: 'This backup is in a format this version cannot read yet.' },
  'weak-passphrase': { vi: 'Cụm mật khẩu cần ít nhất 10 ký tự.', en: 'The passphrase needs at least 10 characters.' },
  'wrong-passphrase': { vi: 'Cụm mật khẩu không mở được bản sao lưu này.', en: 'The passphrase does not open this backup.' },
  damaged: { vi: 'Tệp sao lưu đã bị thay đổi hoặc bị hỏng: không thể tin dữ liệu trong đó.', en: 'The backup file was altered or damaged: nothing in it can be trusted.' },
  'target-not-empty': { vi: 'Máy này đã có dữ liệu: chỉ khôi phục vào một cài đặt mới.', en: 'This PC already has data: a backup is restored into a new installation only.' },
  'no-installation': { vi: 'Máy này chưa có dữ liệu để sao lưu.', en: 'This PC has no data to back up yet.' },
  'newer-schema': { vi: 'Bản sao lưu được tạo bởi phiên bản Tiếp đón mới hơn: hãy cài phiên bản đó trước.', en: 'The backup was made by a newer version of Tiếp đón: install that version first.' },
};

export class BackupError extends CodedError {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }

  get words(): Words {
    return backupWords[this.code];
  }

  get retryable(): boolean {
    return false;
  }
}

const MAGIC = Buffer.from('TIEPDON-BACKUP\n', 'ascii');
const FORMAT_VERSION = 1;
const KDF_SCRYPT = 1;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const CHECK_BYTES = 32;
const TAG_BYTES = 16;
/** magic, version, kdf, log2(N), r, p, salt, nonce, check */
const HEADER_BYTES = MAGIC.length + 5 + SALT_BYTES + NONCE_BYTES + CHECK_BYTES;

/** scrypt at N = 2^17, r = 8: 128 MiB and about half a second per try, for whoever guesses passphrases. */
const DEFAULT_COST = { log2N: 17, r: 8, p: 1 };
/** What a file may ask for: more would let a crafted file exhaust this machine's memory. */
const MAX_LOG2N = 20;
const MAX_R = 16;
const MAX_P = 4;

export const MIN_PASSPHRASE_LENGTH = 10;

function derive(passphrase: string, salt: Buffer, cost: { log2N: number; r: number; p: number }): Promise<{ cipherKey: Buffer; checkKey: Buffer }> {
  const options: ScryptOptions = { N: 2 ** cost.log2N, r: cost.r, p: cost.p, maxmem: 256 * 2 ** cost.log2N * cost.r };
  return new Promise((resolve, reject) => {
    // NFC: the same Vietnamese passphrase typed on another keyboard (composed or not) opens the file.
    scrypt(passphrase.normalize('NFC'), salt, 64, options, (error, derived) => {
      if (error) reject(error);
      else resolve({ cipherKey: derived.subarray(0, 32), checkKey: derived.subarray(32) });
    });
  });
}

const checkOf = (checkKey: Buffer, headerStart: Buffer) => createHmac('sha256', checkKey).update(headerStart).digest();

export async function sealArchive(contents: Uint8Array, passphrase: string): Promise<Uint8Array> {
  if (passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH) throw new BackupError('weak-passphrase', `the passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const { log2N, r, p } = DEFAULT_COST;
  const { cipherKey, checkKey } = await derive(passphrase, salt, DEFAULT_COST);
  const start = Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION, KDF_SCRYPT, log2N, r, p]), salt, nonce]);
  const header = Buffer.concat([start, checkOf(checkKey, start)]);
  const cipher = createCipheriv('aes-256-gcm', cipherKey, nonce);
  cipher.setAAD(header);
  const sealed = Buffer.concat([header, cipher.update(contents), cipher.final(), cipher.getAuthTag()]);
  return new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength);
}

/** The contents, once the whole file has been authenticated; a wrong passphrase or any altered byte throws. */
export async function openArchive(archive: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const bytes = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupError('not-a-backup', 'this file is not a Tiếp đón backup');
  if (bytes.length < HEADER_BYTES + TAG_BYTES) throw new BackupError('damaged', 'the backup is cut short');
  let at = MAGIC.length;
  const [version, kdf, log2N, r, p] = bytes.subarray(at, (at += 5));
  if (version !== FORMAT_VERSION || kdf !== KDF_SCRYPT) throw new BackupError('unsupported-version', `this backup was made in format ${version}; this version of Tiếp đón reads format ${FORMAT_VERSION}`);
  if (!(log2N! >= 10 && log2N! <= MAX_LOG2N && r! >= 1 && r! <= MAX_R && p! >= 1 && p! <= MAX_P)) throw new BackupError('damaged', 'the backup’s header is damaged');
  const salt = bytes.subarray(at, (at += SALT_BYTES));
  const nonce = bytes.subarray(at, (at += NONCE_BYTES));
  const start = bytes.subarray(0, at);
  const check = bytes.subarray(at, at + CHECK_BYTES);
  const { cipherKey, checkKey } = await derive(passphrase, salt, { log2N: log2N!, r: r!, p: p! });
  if (!timingSafeEqual(checkOf(checkKey, start), check)) throw new BackupError('wrong-passphrase', 'the passphrase does not open this backup');
  const decipher = createDecipheriv('aes-256-gcm', cipherKey, nonce);
  decipher.setAAD(bytes.subarray(0, HEADER_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    const plain = Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
  } catch {
    throw new BackupError('damaged', 'the backup was altered or damaged after it was made: nothing in it can be trusted');
  }
}
