export * from './channels';
export * from './errors';
export * from './schemas';
export * from './wire';
export * from './desk';
export * from './visits';
export * from './setup';
export * from './backup';
