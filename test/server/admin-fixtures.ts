import { deflateSync, crc32 } from 'node:zlib';
import type { TestContext } from './helpers.js';

/** Where the settings page is served from in tests (deps.publicUrl). */
export const ADMIN_ORIGIN = 'http://api.test';

function chunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real, decodable RGB PNG of the given size (one colour). */
export function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x40)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** The head of a baseline JPEG (SOI, APP0/JFIF, SOF0): enough for the server to read its size. */
export function jpegHead(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

/** A request as the settings page sends it: same origin, JSON, with the staff cookie. */
export function adminCall(
  ctx: TestContext,
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string; origin?: string | null; contentType?: string } = {},
) {
  const headers: Record<string, string> = {};
  const origin = options.origin === undefined ? new URL(ctx.deps.publicUrl).origin : options.origin;
  if (origin) headers.Origin = origin;
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.body !== undefined || method !== 'GET') headers['Content-Type'] = options.contentType ?? 'application/json';
  const body = options.body === undefined ? (method === 'GET' ? undefined : '{}') : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return ctx.app.request(`/admin/api${path}`, { method, headers, body });
}

/** Logs a staff member in and returns the Cookie header to send back. */
export async function staffCookie(ctx: TestContext, email: string, password: string): Promise<string> {
  const res = await adminCall(ctx, 'POST', '/session', { body: { email, password } });
  if (res.status !== 201) throw new Error(`staff login failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0];
}
