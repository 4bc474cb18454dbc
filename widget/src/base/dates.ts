/** Today in the towns' time zone (Europe/Paris) as `YYYY-MM-DD`, whatever the visitor's computer says. */
export function parisToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A `YYYY-MM-DD` day moved by whole days (calendar arithmetic in UTC: no daylight-saving jump). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** Tomorrow in Paris as `YYYY-MM-DD`. */
export const tomorrowInParis = (now = new Date()): string => addDays(parisToday(now), 1);

/** The month before this one in Paris as `YYYY-MM` ("2026-08" on 7 September 2026). */
export function previousMonthInParis(now = new Date()): string {
  const [year, month] = parisToday(now).split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 2, 1)).toISOString().slice(0, 7);
}
