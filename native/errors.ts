/** A native module could not be loaded (not built for this platform, or a system library is missing). */
export class NativeModuleError extends Error {
  readonly module: string;

  constructor(module: string, cause: unknown) {
    super(`native module ${module} could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NativeModuleError';
    this.module = module;
  }
}
