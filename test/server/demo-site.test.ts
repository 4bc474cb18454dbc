import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { siteApp } from '../../demo/site-server.js';

const app = siteApp('http://localhost:3000', 'pk_test_demo');
const pages = readdirSync('demo/site').filter((f) => f.endsWith('.html'));

describe('demo town site', () => {
  it('serves every page with its shared parts filled in and the snippet completed', async () => {
    for (const page of pages) {
      const html = await (await app.request(`/${page}`)).text();
      expect(html, page).not.toMatch(/<!--#include|\{\{/);
      expect(html, page).toContain('<a class="lien-evitement" href="#contenu">');
      expect(html, page).toContain('© 2026 Ville de Démo');
      // The home page has no portal element, so no snippet.
      if (page !== 'index.html') expect(html, page).toContain('data-portail-key="pk_test_demo" data-portail-api="http://localhost:3000"');
    }
  });

  it('marks the current page and section in the shared navigation, and only them', async () => {
    const reservations = await (await app.request('/reservations.html')).text();
    expect(reservations.match(/aria-current="true"/g)).toHaveLength(1);
    expect(reservations).toContain('<a href="cantine-periscolaire.html" aria-current="true">Enfance &amp; jeunesse</a>');
    expect(reservations).toContain('<li><a href="reservations.html" aria-current="page">Réservations</a></li>');
    const home = await (await app.request('/')).text();
    expect(home).toContain('<a href="index.html" aria-current="page">Accueil</a>');
    expect(home).not.toContain('aria-current="true"');
  });

  it('does not serve the partials as pages', async () => {
    expect((await app.request('/_partials/entete.html')).status).toBe(404);
  });
});
