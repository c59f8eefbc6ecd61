import type { AppInfo, UploadPurpose } from '../../src-main/contract';
import type { ContractClient } from './client';

/**
 * A file for the core, never through a contract message: the desktop app opens its own file dialog in the
 * main process; in the browser the file goes by an authenticated POST to the host that served the page.
 * Resolves to the upload's id, or null when the user cancelled.
 */
export async function uploadFile(client: ContractClient, host: AppInfo['host'], purpose: UploadPurpose, file?: File): Promise<string | null> {
  if (host === 'electron') return (await client.request('files.choose', { purpose })).uploadId;
  if (!file) return null;
  const response = await fetch(`/upload?purpose=${purpose}`, { method: 'POST', body: file, credentials: 'same-origin', headers: { 'Content-Type': 'application/octet-stream' } });
  const body = (await response.json().catch(() => ({}))) as { uploadId?: string; error?: string };
  if (!response.ok || !body.uploadId) throw new Error(body.error ?? `upload failed (HTTP ${response.status})`);
  return body.uploadId;
}
