// `POST /upload?purpose=certificate|trust|backup|enrolment`: a file from the browser, streamed into the core with a
// size limit, so no contract message ever carries it. Only for the page we served: the session cookie
// (SameSite=Strict) and our Origin, checked by the caller, before a byte is read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UploadPurpose } from '../../contract';
import { UPLOAD_LIMITS } from '../../core/uploads';

export type Upload = (purpose: UploadPurpose, bytes: Uint8Array) => Promise<string>;

export async function handleUpload(request: IncomingMessage, response: ServerResponse, url: URL, upload: Upload, headers: Record<string, string>): Promise<void> {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
    response.end(JSON.stringify(body));
  };
  const purpose = UploadPurpose.safeParse(url.searchParams.get('purpose'));
  if (!purpose.success) return reply(400, { error: 'purpose must be certificate, trust, backup or enrolment' });
  const limit = UPLOAD_LIMITS[purpose.data];
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limit) {
    reply(413, { error: `larger than ${limit} bytes` });
    request.destroy();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        reply(413, { error: `larger than ${limit} bytes` });
        request.destroy();
        return;
      }
      chunks.push(chunk);
    }
  } catch {
    if (!response.headersSent) reply(400, { error: 'the upload was interrupted' });
    return;
  }
  try {
    reply(200, { uploadId: await upload(purpose.data, new Uint8Array(Buffer.concat(chunks))) });
  } catch (error) {
    reply(400, { error: error instanceof Error ? error.message.slice(0, 200) : 'refused' });
  }
}
