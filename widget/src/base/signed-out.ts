import { html, nothing } from 'lit';
import { msg } from '@lit/localize';

/** What an element shows while no parent is signed in: its title, what signing in gives, and where to do it. */
export function signedOutView(title: string, invitation: string, loginHref: string | undefined) {
  return html`<h2>${title}</h2>
    <p>${invitation}</p>
    ${loginHref ? html`<p><a href=${loginHref}>${msg('Se connecter')}</a></p>` : nothing}`;
}
