/**
 * The single-use link a new staff member opens to choose a password. The token sits in the
 * fragment, so it never reaches a server log, a proxy or a Referer header.
 */
export function staffActivationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/admin/activation#${token}`;
}
