/** What the cagnotte routes accept: the staff's correction, and the régie filter of the balances. */
import { z } from 'zod';
import { bodyOf, text } from '../../http/validate.js';
import { validationError } from '../../errors.js';
import type { CagnotteCorrection } from '../../contracts/staff/index.js';

/** A correction beyond 10 000 € is a typing error, not a cagnotte. */
const MAX_CENTS = 1_000_000;

export const correctionBody = bodyOf<CagnotteCorrection>()(
  z
    .strictObject(
      {
        regieId: z.uuid({ error: 'La régie est invalide.' }),
        kind: z.enum(['adjustment', 'refund'], { error: 'Le type doit être « adjustment » (régularisation) ou « refund » (remboursement).' }),
        amountCents: z
          .number({ error: 'Le montant doit être un nombre entier de centimes.' })
          .int('Le montant doit être un nombre entier de centimes.')
          .refine((value) => value !== 0, 'Le montant ne peut pas être nul.')
          .refine((value) => Math.abs(value) <= MAX_CENTS, 'Le montant est trop grand.'),
        note: text('La note', 500),
      },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? 'Ce champ n’existe pas.' : 'Ces informations doivent être envoyées sous forme d’objet.') },
    )
    .refine((body) => body.kind !== 'refund' || body.amountCents > 0, { path: ['amountCents'], message: 'Un remboursement est un montant positif.' }),
);

/** `?regieId=` of GET /cagnotte/balances: a régie id or nothing. */
export function regieFilter(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!z.uuid().safeParse(value).success) throw validationError({ regieId: 'La régie est invalide.' });
  return value;
}
