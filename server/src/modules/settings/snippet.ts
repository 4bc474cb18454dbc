import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { publicKeys } from '../../db/schema/index.js';
import { loadWidgetBundle } from '../widget/bundle.js';

/** Elements a webmaster may place; each goes on the town page where it belongs. */
export const PORTAIL_ELEMENTS = ['portail-login', 'portail-accueil'];

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The exact code to paste in the town's pages, pinned to the current build with SRI when there is one. */
export async function integrationSnippet(deps: Deps, tenantId: string) {
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const bundle = loadWidgetBundle(deps.widgetDir);
  const [key] = await deps.database.db
    .select({ key: publicKeys.key })
    .from(publicKeys)
    .where(and(eq(publicKeys.tenantId, tenantId), isNull(publicKeys.revokedAt)))
    .orderBy(desc(publicKeys.createdAt))
    .limit(1);
  const scriptUrl = bundle ? `${publicUrl}/widget/v1/${bundle.version}/portail.js` : `${publicUrl}/widget/v1/portail.js`;
  const script = key
    ? `<script type="module" src="${escapeAttribute(scriptUrl)}"${bundle ? ` integrity="${bundle.integrity}"` : ''} crossorigin="anonymous" data-portail-key="${key.key}" data-portail-api="${escapeAttribute(publicUrl)}"></script>`
    : null;
  return {
    publicKey: key?.key ?? null,
    version: bundle?.version ?? null,
    integrity: bundle?.integrity ?? null,
    scriptUrl,
    script,
    elements: PORTAIL_ELEMENTS.map((tag) => `<${tag}></${tag}>`),
    html: script ? [script, ...PORTAIL_ELEMENTS.map((tag) => `<${tag}></${tag}>`)].join('\n') : null,
  };
}
