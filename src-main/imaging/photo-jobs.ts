// Messages between the photo decoder and its worker thread.
export interface PhotoJob {
  id: number;
  mimeType: 'image/jpeg' | 'image/jp2';
  bytes: Uint8Array;
  maxPixels: number;
}

export type PhotoFailure = 'too-large' | 'undecodable' | 'timeout';

export type PhotoReply = { id: number; ok: true; dataUrl: string } | { id: number; ok: false; code: Exclude<PhotoFailure, 'timeout'> };
