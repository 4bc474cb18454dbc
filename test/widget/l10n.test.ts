import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import './helpers/define.js';
import type { PortailLogin } from '../../widget/src/components/login/portail-login.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { $, alertText, fill, heading, shadow, text, waitForText } from './helpers/dom.js';

describe('English locale', () => {
  let api: MockApi;

  beforeEach(() => {
    api = new MockApi().install();
  });

  afterEach(() => api.uninstall());

  it('renders English strings and dates when the element says lang="en"', async () => {
    const el = await fixture<PortailLogin>(
      html`<portail-login lang="en" api-base=${API_BASE} public-key=${api.key}></portail-login>`,
    );
    await waitUntil(() => heading(el) === 'Sign in to your family area', `got "${heading(el)}"`);
    expect(text($(el, '.info-date'))).to.equal('Notice of 2 September 2026');
    expect(text($(el, 'form button[type="submit"]'))).to.equal('Sign in');

    fill(el, 'Username', api.email);
    fill(el, 'Password', 'wrong password');
    ($(el, 'form button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => alertText(el), 'Incorrect username or password.');
    expect(text(shadow(el))).not.to.contain('Identifiant');
    await expect(el).to.be.accessible();
  });
});
