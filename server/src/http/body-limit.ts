import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv, BodyLimit } from './context.js';

/** Every route reads at most this much unless it says otherwise: JSON forms are a few kilobytes. */
export const DEFAULT_BODY_LIMIT: BodyLimit = { maxBytes: 64 * 1024 };

const tooLarge = (limit: BodyLimit) => new ApiError(413, limit.code ?? 'trop_volumineux', limit.tooLarge ?? 'La requête est trop volumineuse.');

/** Whether a failed body read stopped at the limit (the route may answer its own way, as providers expect). */
export const isBodyTooLarge = (err: unknown): err is ApiError => err instanceof ApiError && err.status === 413;

/**
 * Puts a counting cap on every request body, before any route runs. A body is read as it arrives
 * (chunked uploads declare no length), so the cap stops the read itself: past the limit the read
 * fails with the French 413 and the rest is never pulled, whatever the sender keeps sending. The
 * limit is looked up at each chunk, so a route may raise it with `bodyLimit` before reading.
 */
export function capRequestBodies(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('bodyLimit', DEFAULT_BODY_LIMIT);
    const source = c.req.raw.body;
    if (source) {
      const declared = Number(c.req.header('content-length') ?? '0');
      const reader = source.getReader();
      let read = 0;
      const capped = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const limit = c.get('bodyLimit');
            if (declared > limit.maxBytes) return controller.error(tooLarge(limit));
            const chunk = await reader.read();
            if (chunk.done) return controller.close();
            read += chunk.value.byteLength;
            if (read > limit.maxBytes) return controller.error(tooLarge(limit));
            controller.enqueue(chunk.value);
          },
          cancel: (reason) => reader.cancel(reason),
        },
        // Nothing is pulled before a route asks for the body.
        { highWaterMark: 0 },
      );
      c.req.raw = new Request(c.req.raw, { body: capped, duplex: 'half' } as RequestInit);
    }
    await next();
  };
}

/** A route's own limit, above or below the default, with its French 413. */
export function bodyLimit(limit: BodyLimit): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('bodyLimit', limit);
    await next();
  };
}
