import type { Context } from 'hono';

/** A PDF edition as a download: never cached, never sniffed. */
export function pdfAnswer(c: Context, pdf: Uint8Array, filename: string) {
  return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}
