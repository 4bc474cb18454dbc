/**
 * Where the widget talks to: the public key and API origin written by the webmaster on the
 * script tag. Module scripts have no `document.currentScript`, so the tag is found through
 * `import.meta.url`.
 */
export interface PortailConfig {
  apiBase: string;
  publicKey: string;
  /** The town page holding `<portail-aide>` (`data-portail-aide`), linked from every element. */
  helpHref?: string;
}

const moduleUrl = import.meta.url;

function findScript(): HTMLScriptElement | null {
  const scripts = [...document.querySelectorAll<HTMLScriptElement>('script[data-portail-key]')];
  // This module may end up in a lazy chunk below the entry's folder, hence the prefix match.
  return (
    scripts.find((s) => s.src === moduleUrl) ??
    scripts.find((s) => s.src !== '' && moduleUrl.startsWith(new URL('./', s.src).href)) ??
    scripts[0] ??
    null
  );
}

/** Reads the script tag; `null` when the page holds no `script[data-portail-key]`. */
export function readScriptConfig(): PortailConfig | null {
  const script = findScript();
  const publicKey = script?.dataset.portailKey?.trim();
  if (!script || !publicKey) return null;
  const api = script.dataset.portailApi?.trim() || new URL(moduleUrl).origin;
  const helpHref = script.dataset.portailAide?.trim() || undefined;
  return { apiBase: api.replace(/\/+$/, ''), publicKey, ...(helpHref ? { helpHref } : {}) };
}
