// OpenJPEG compiled to WebAssembly (@cornerstonejs/codec-openjpeg), loaded synchronously so that image
// generation and decoding stay plain functions. Emscripten initialises asynchronously unless it is handed
// an `instantiateWasm` hook; compiling the module with the synchronous WebAssembly API (allowed in Node
// for any size) lets the runtime start before the factory returns. Works offline: the .wasm ships in the
// package.
import { CodedError, type Words } from '../contract/errors';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

/** The embind surface of the package's J2KEncoder (packages/openjpeg/src/J2KEncoder.hpp upstream). */
export interface J2kEncoder {
  getDecodedBuffer(frameInfo: FrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  setQuality(lossless: boolean, layers: number): void;
  setCompressionRatio(layer: number, ratio: number): void;
  setDecompositions(decompositions: number): void;
  setProgressionOrder(order: number): void;
  encode(): void;
  delete(): void;
}

export interface J2kDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): FrameInfo;
  decode(): void;
  delete(): void;
}

interface OpenJpegModule {
  J2KEncoder: new () => J2kEncoder;
  J2KDecoder: new () => J2kDecoder;
}

export class OpenJpegUnavailableError extends CodedError {
  override readonly name = 'OpenJpegUnavailableError';
  readonly code = 'codec-unavailable';

  get words(): Words {
    return { vi: 'Thiếu bộ giải mã ảnh JPEG 2000.', en: 'The JPEG 2000 decoder is missing.' };
  }

  get retryable(): boolean {
    return false;
  }
}

/** The two WebAssembly constructors needed; the project's TypeScript libs (ES2023, no DOM) do not declare them. */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

let loaded: OpenJpegModule | undefined;
const output: string[] = [];

/** The codec's own messages since the last call (OpenJPEG reports errors by printing, not throwing). */
export function takeCodecMessages(): string[] {
  return output.splice(0, output.length);
}

export function openJpeg(): OpenJpegModule {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as (module: object) => Promise<unknown>;
  const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WebAssemblyApi };
  const wasm = new wasmApi.Module(readFileSync(require.resolve('@cornerstonejs/codec-openjpeg/wasm')));
  const module: Record<string, unknown> = {
    instantiateWasm(imports: object, receive: (instance: { exports: object }, module: object) => void) {
      const instance = new wasmApi.Instance(wasm, imports);
      receive(instance, wasm);
      return instance.exports;
    },
    print: (text: string) => output.push(text),
    printErr: (text: string) => output.push(text),
  };
  // The returned promise only repeats what the module object already says; keep its rejection quiet.
  factory(module).catch(() => undefined);
  if (typeof module.J2KEncoder !== 'function' || typeof module.J2KDecoder !== 'function') {
    throw new OpenJpegUnavailableError('OpenJPEG wasm did not initialise synchronously');
  }
  loaded = module as unknown as OpenJpegModule;
  return loaded;
}
