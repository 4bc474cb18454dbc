import type { ApiClient } from '../api/client.js';
import { getFile } from '../api/documents.js';

/** Fetches a file behind the session (invoice, export, child file) and hands it to the browser as a download. */
export async function downloadFile(client: ApiClient, path: string, fallbackName: string, root: Node): Promise<void> {
  const { blob, filename } = await getFile(client, path);
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename ?? fallbackName, hidden: true });
  root.appendChild(link);
  link.click();
  link.remove();
  // The browser reads the address after click() has returned: revoking it at once could cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
