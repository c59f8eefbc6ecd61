// Chip photos decoded off the core's event loop, in one worker thread, with a pixel limit (checked on the
// image's own header before anything is allocated) and a time limit (the thread is terminated past it and
// a fresh one started for the next photo). A decompression bomb in DG2 costs the desk its photo only.
import { CodedError, type Words } from '../contract/errors';
import { Worker } from 'node:worker_threads';
import type { FaceImage } from '../card/lds/dg2';
import type { PhotoFailure, PhotoJob, PhotoReply } from './photo-jobs';

export interface PhotoLimits {
  /** Width × height; a CCCD face is well under 1 Mpx. */
  maxPixels: number;
  /** From handing the photo over to its answer, the thread's start included. */
  timeoutMs: number;
}

export const defaultPhotoLimits: PhotoLimits = { maxPixels: 4_000_000, timeoutMs: 5000 };

export class PhotoError extends CodedError {
  override readonly name = 'PhotoError';
  constructor(readonly code: PhotoFailure) {
    super(`photo unavailable: ${code}`);
  }

  get words(): Words {
    return { vi: 'Không hiển thị được ảnh chân dung trên chip.', en: 'The portrait on the chip cannot be shown.' };
  }

  get retryable(): boolean {
    return this.code === 'timeout';
  }
}

/** The worker's module beside this one: TypeScript source under tsx and the tests, the build's .js otherwise. */
function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new Worker(new URL(fromSource ? './photo-worker.ts' : './photo-worker.js', import.meta.url), fromSource ? { execArgv: ['--import', 'tsx'] } : {});
  // A photo never keeps the process alive.
  worker.unref();
  return worker;
}

export class PhotoDecoder {
  private worker: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(private readonly limits: PhotoLimits = defaultPhotoLimits) {}

  /** A data URL the UI can show; rejects with PhotoError. One photo at a time, in order. */
  decode(face: FaceImage, timeoutMs = this.limits.timeoutMs): Promise<string> {
    const run = this.queue.then(() => this.run(face, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private run(face: FaceImage, timeoutMs: number): Promise<string> {
    const worker = (this.worker ??= startWorker());
    const job: PhotoJob = { id: this.nextId++, mimeType: face.mimeType, bytes: face.bytes.slice(), maxPixels: this.limits.maxPixels };
    return new Promise<string>((resolve, reject) => {
      const fail = (code: PhotoFailure) => {
        done();
        // A thread that overran or broke is not reused.
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
        reject(new PhotoError(code));
      };
      const timer = setTimeout(() => fail('timeout'), timeoutMs);
      const onMessage = (reply: PhotoReply) => {
        if (reply.id !== job.id) return;
        done();
        if (reply.ok) resolve(reply.dataUrl);
        else reject(new PhotoError(reply.code));
      };
      const onBroken = () => fail('undecodable');
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onBroken).off('exit', onBroken);
      };
      worker.on('message', onMessage).on('error', onBroken).on('exit', onBroken);
      worker.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
    });
  }
}
