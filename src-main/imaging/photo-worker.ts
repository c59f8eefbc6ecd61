// The photo decoder's thread: a chip's face, checked by decoding it under a pixel limit, as something a
// browser can show — JPEG as it is (proved decodable within the limit first), JPEG 2000 (which browsers
// cannot display) decoded by OpenJPEG and re-encoded as JPEG. Runs apart from the core's event loop so a
// slow or hostile image costs this thread only; the decoder terminates it past its time limit.
import { parentPort } from 'node:worker_threads';
import jpeg from 'jpeg-js';
import { codestreamDimensions, imageDimensions } from './image-dimensions';
import { decodeJp2ToRgba } from './jp2';
import type { PhotoJob, PhotoReply } from './photo-jobs';

function dataUrl(job: PhotoJob): string {
  const declared = job.mimeType === 'image/jp2' ? codestreamDimensions(job.bytes) : imageDimensions(job.bytes);
  if (!declared || declared.width <= 0 || declared.height <= 0) throw Object.assign(new Error('no image size'), { code: 'undecodable' });
  if (declared.width * declared.height > job.maxPixels) throw Object.assign(new Error('too many pixels'), { code: 'too-large' });
  if (job.mimeType === 'image/jpeg') {
    jpeg.decode(job.bytes, { maxResolutionInMP: job.maxPixels / 1e6, maxMemoryUsageInMB: 64, useTArray: true });
    return `data:image/jpeg;base64,${Buffer.from(job.bytes).toString('base64')}`;
  }
  const { width, height, rgba } = decodeJp2ToRgba(job.bytes);
  if (width * height > job.maxPixels) throw Object.assign(new Error('too many pixels'), { code: 'too-large' });
  const encoded = jpeg.encode({ data: Buffer.from(rgba), width, height }, 90);
  return `data:image/jpeg;base64,${Buffer.from(encoded.data).toString('base64')}`;
}

parentPort!.on('message', (job: PhotoJob) => {
  let reply: PhotoReply;
  try {
    reply = { id: job.id, ok: true, dataUrl: dataUrl(job) };
  } catch (error) {
    reply = { id: job.id, ok: false, code: (error as { code?: string }).code === 'too-large' ? 'too-large' : 'undecodable' };
  }
  parentPort!.postMessage(reply);
});
