import { msg } from '@lit/localize';

/** The days of the week from Monday (weekday 1) to Sunday (7), as the town hall writes them. */
export const weekdayNames = (): string[] => [
  msg('lundi'),
  msg('mardi'),
  msg('mercredi'),
  msg('jeudi'),
  msg('vendredi'),
  msg('samedi'),
  msg('dimanche'),
];
