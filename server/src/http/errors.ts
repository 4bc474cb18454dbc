import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error the API throws on purpose: its message is French and echoes no input. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: { fields?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export const notFound = (message = 'Ressource introuvable.') => new ApiError(404, 'introuvable', message);
