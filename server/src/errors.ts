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

/** 422 with a French message per invalid field, as the forms show them next to each field. */
export const validationError = (fields: Record<string, string>) =>
  new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields });

/** 422 about one field, whose message is also the answer's. */
export const invalidField = (field: string, message: string) => new ApiError(422, 'validation', message, { fields: { [field]: message } });
