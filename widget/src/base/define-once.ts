/**
 * Defines a custom element unless its tag is already taken, which happens when a page includes
 * the widget script twice: a warning helps the webmaster, an exception would break the page.
 */
export function defineOnce(tag: string, element: CustomElementConstructor): boolean {
  if (customElements.get(tag)) {
    console.warn(
      `Portail Famille : l'élément <${tag}> est déjà défini sur cette page. ` +
        'Le script du portail est probablement inclus deux fois ; seule la première copie est utilisée.',
    );
    return false;
  }
  customElements.define(tag, element);
  return true;
}
