import { defineOnce } from './define-once.js';

export type ElementLoader = () => Promise<CustomElementConstructor>;

const LOADER_FLAG = Symbol.for('portail-famille.loader');

/**
 * Defines each element when its tag first appears in the document, so a page only downloads
 * the code of the elements it uses. Elements added later (CMS widgets, SPA navigation) are
 * caught by a MutationObserver.
 */
export function defineLazily(elements: Record<string, ElementLoader>): void {
  const scope = globalThis as { [LOADER_FLAG]?: true };
  if (scope[LOADER_FLAG]) {
    console.warn(
      'Portail Famille : le script du portail est inclus deux fois sur cette page ; la seconde copie est ignorée.',
    );
    return;
  }
  scope[LOADER_FLAG] = true;

  const pending = new Map(Object.entries(elements));
  const load = (tag: string, loader: ElementLoader): void => {
    pending.delete(tag);
    loader().then(
      (element) => defineOnce(tag, element),
      (error: unknown) => console.error(`Portail Famille : impossible de charger <${tag}>.`, error),
    );
  };
  const scan = (root: Element | Document): void => {
    for (const [tag, loader] of pending) {
      if ((root instanceof Element && root.localName === tag) || root.querySelector(tag)) load(tag, loader);
    }
  };

  scan(document);
  if (pending.size === 0) return;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element) scan(node);
    }
    if (pending.size === 0) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}
