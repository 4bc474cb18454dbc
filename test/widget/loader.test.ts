import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { shadow, text } from './helpers/dom.js';

/** Captures console.warn while `run` executes. */
async function warningsDuring(run: () => unknown): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('loader', () => {
  let api: MockApi;

  beforeEach(() => {
    api = new MockApi().install();
  });

  afterEach(() => api.uninstall());

  it('defines an element when its tag appears after the script has run', async () => {
    await import('../../widget/src/index.js');
    expect(customElements.get('portail-accueil')).to.equal(undefined);
    const el = await fixture(html`<div></div>`);
    el.innerHTML = `<portail-accueil api-base="${API_BASE}" public-key="${api.key}"></portail-accueil>`;
    await customElements.whenDefined('portail-accueil');
    const accueil = el.firstElementChild!;
    await waitUntil(() => accueil.shadowRoot && text(shadow(accueil)).includes('Connectez-vous'));
    expect(customElements.get('portail-login')).to.equal(undefined);
  });

  it('warns in French instead of throwing when the script is included twice', async () => {
    const { defineLazily } = await import('../../widget/src/base/lazy-define.js');
    const warnings = await warningsDuring(() => defineLazily({}));
    expect(warnings.join()).to.contain('inclus deux fois');
  });

  it('defineOnce warns in French instead of throwing on a second definition', async () => {
    class First extends HTMLElement {}
    class Second extends HTMLElement {}
    expect(defineOnce('portail-essai', First)).to.equal(true);
    let result: boolean | undefined;
    const warnings = await warningsDuring(() => {
      result = defineOnce('portail-essai', Second);
    });
    expect(result).to.equal(false);
    expect(customElements.get('portail-essai')).to.equal(First);
    expect(warnings.join()).to.contain("l'élément <portail-essai> est déjà défini");
  });
});
