/** What the staff page sent, read from the Request its API client hands to window.fetch. */
export interface SentRequest {
  url: URL;
  method: string;
  /** The path below the staff API (`/settings` for `/admin/api/settings`). */
  path: string;
  body: any;
  /** Header names as the page writes them (`Content-Type`, `Idempotency-Key`). */
  headers: Record<string, string>;
  credentials: RequestCredentials;
}

const headerName = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

export async function readSent(input: RequestInfo | URL, init?: RequestInit): Promise<SentRequest> {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const text = await request.text();
  return {
    url,
    method: request.method,
    path: url.pathname.replace(/^\/admin\/api/, ''),
    body: text ? JSON.parse(text) : undefined,
    headers: Object.fromEntries([...request.headers].map(([name, value]) => [headerName(name), value])),
    credentials: request.credentials,
  };
}
