import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import './helpers/define.js';
import type { PortailLogin } from '../../widget/src/components/login/portail-login.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { $, input, shadow } from './helpers/dom.js';

/** Global rules found on real town sites, none of which should break the widget. */
const HOSTILE_PAGE_CSS = `
  html { font-size: 62.5%; }
  body { font-family: Georgia, serif; line-height: 1; }
  * { box-sizing: content-box; margin: 0; }
  button { all: unset; }
`;

let api: MockApi;
let pageStyle: HTMLStyleElement;

function addPageCss(css: string): HTMLStyleElement {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  return style;
}

async function renderLogin(): Promise<PortailLogin> {
  const el = await fixture<PortailLogin>(
    html`<portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>`,
  );
  await waitUntil(() => shadow(el).querySelector('.banner'));
  return el;
}

function primaryBackground(el: PortailLogin): string {
  return getComputedStyle($(el, 'button.primary')).backgroundColor;
}

beforeEach(() => {
  api = new MockApi().install();
  pageStyle = addPageCss(HOSTILE_PAGE_CSS);
});

afterEach(() => {
  api.uninstall();
  pageStyle.remove();
});

describe('theming on a hostile host page', () => {
  it('inherits the page font but keeps readable sizes despite html { font-size: 62.5% }', async () => {
    const el = await renderLogin();
    expect(getComputedStyle(el).fontFamily).to.contain('Georgia');
    const field = input(el, 'Identifiant');
    expect(getComputedStyle(field).fontFamily).to.contain('Georgia');
    expect(parseFloat(getComputedStyle(field).fontSize)).to.be.at.least(14);
    expect(parseFloat(getComputedStyle(el).lineHeight)).to.be.greaterThan(parseFloat(getComputedStyle(el).fontSize));
    await expect(el).to.be.accessible();
  });

  it('never draws a focused field in the error colour, even when the page sets the focus to it', async () => {
    const rootStyle = addPageCss(':root { --portail-color-error: #a4262c; --portail-color-focus: #a4262c; }');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const el = await renderLogin();
      const field = input(el, 'Identifiant');
      field.setAttribute('aria-invalid', 'true');
      const errorColour = getComputedStyle(field).borderTopColor;
      expect(errorColour).to.equal('rgb(164, 38, 44)');
      field.focus();
      await sendKeys({ press: 'Shift' });
      expect(getComputedStyle(field).outlineColor).to.not.equal(errorColour);
      expect(getComputedStyle(field).outlineColor).to.equal('rgb(29, 79, 145)');
      expect(warnings.join()).to.contain('--portail-color-focus est trop proche de --portail-color-error');
    } finally {
      console.warn = warn;
      rootStyle.remove();
    }
  });

  it('keeps a red town colour out of the focus ring when it reads as the error colour', async () => {
    api.config = { ...api.config, colors: { primary: '#b3261e', primaryText: '#ffffff' } };
    const el = await renderLogin();
    await waitUntil(() => primaryBackground(el) === 'rgb(179, 38, 30)', 'tenant colour applied');
    const field = input(el, 'Identifiant');
    field.focus();
    await sendKeys({ press: 'Shift' });
    expect(getComputedStyle(field).outlineColor).to.equal('rgb(29, 79, 145)');
  });

  it('applies the town colour from /config to the primary button', async () => {
    api.config = { ...api.config, colors: { primary: '#7a1f5c', primaryText: '#ffffff' } };
    const el = await renderLogin();
    await waitUntil(() => primaryBackground(el) === 'rgb(122, 31, 92)', 'tenant colour applied');
    expect(getComputedStyle($(el, 'button.primary')).color).to.equal('rgb(255, 255, 255)');
  });

  it('lets --portail-color-primary on :root win over the town colour', async () => {
    api.config = { ...api.config, colors: { primary: '#7a1f5c', primaryText: '#ffffff' } };
    const rootStyle = addPageCss(':root { --portail-color-primary: #005a2b; }');
    try {
      const el = await renderLogin();
      await el.updateComplete;
      expect(primaryBackground(el)).to.equal('rgb(0, 90, 43)');
    } finally {
      rootStyle.remove();
    }
  });

  it('ignores a colour that is not a plain hex value', async () => {
    api.config = { ...api.config, colors: { primary: 'red;} :host{display:none', primaryText: '#ffffff' } };
    const el = await renderLogin();
    expect(primaryBackground(el)).to.equal('rgb(29, 79, 145)');
    expect(getComputedStyle(el).display).to.equal('block');
  });

  it('fits a 320 px wide column without horizontal scrolling', async () => {
    const column = await fixture<HTMLDivElement>(
      html`<div style="width: 320px">
        <portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>
      </div>`,
    );
    const el = column.querySelector('portail-login')!;
    await waitUntil(() => shadow(el).querySelector('.banner'));
    expect(el.scrollWidth).to.be.at.most(320);
    for (const node of shadow(el).querySelectorAll('input, button')) {
      expect(node.getBoundingClientRect().right).to.be.at.most(column.getBoundingClientRect().right + 0.5);
    }
  });
});

describe('documented parts', () => {
  it('lets the page style the form, inputs and buttons through ::part', async () => {
    const partStyle = addPageCss(`
      portail-login::part(button-primary) { text-transform: uppercase; }
      portail-login::part(input) { background-color: rgb(251, 251, 253); }
      portail-login::part(form) { max-width: 20em; }
      portail-login::part(banner) { border-bottom: 3px solid rgb(224, 184, 58); }
    `);
    try {
      const el = await renderLogin();
      expect(getComputedStyle($(el, 'button.primary')).textTransform).to.equal('uppercase');
      expect(getComputedStyle(input(el, 'Identifiant')).backgroundColor).to.equal('rgb(251, 251, 253)');
      expect(getComputedStyle($(el, 'form')).maxWidth).to.not.equal('none');
      expect(getComputedStyle($(el, '.banner')).borderBottomColor).to.equal('rgb(224, 184, 58)');
    } finally {
      partStyle.remove();
    }
  });

  it('takes --portail-font-family and --portail-font-size from the page', async () => {
    const rootStyle = addPageCss(':root { --portail-font-family: "Courier New", monospace; --portail-font-size: 20px; }');
    try {
      const el = await renderLogin();
      expect(getComputedStyle(el).fontFamily).to.contain('Courier New');
      expect(getComputedStyle(el).fontSize).to.equal('20px');
    } finally {
      rootStyle.remove();
    }
  });
});
