import { html } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { openCalendarFeed, revokeCalendarFeed, type CalendarFeed } from '../../api/agenda.js';
import type { FamilyChild } from '../../api/famille.js';
import { heading, idOf } from './famille-form.js';
import type { FamilleHost } from './famille-group.js';

/** The child's calendar feed as `<portail-famille>` holds it. */
export interface ChildAgenda {
  feed: CalendarFeed | undefined;
  /** Every live feed of the family. */
  feeds: CalendarFeed[];
  /** The family's feeds as the server now holds them. */
  changed(feeds: CalendarFeed[]): void;
}

/**
 * "Ajouter à mon agenda": the child's private feed address (https, to paste in a calendar app),
 * a copy button, a webcal link that a phone opens in its calendar, and the address replaced or
 * switched off. Its key is `agenda:<childId>`.
 */
export function agendaSection(host: FamilleHost, child: FamilyChild, agenda: ChildAgenda) {
  const { editing } = host;
  const key = `agenda:${child.id}`;
  const id = idOf(key);
  const { feed } = agenda;
  const others = (feeds: CalendarFeed[]) => feeds.filter((f) => f.childId !== child.id);
  const open = (fresh: boolean) =>
    editing.write(key, fresh ? msg('Changement de l’adresse…') : msg('Création de l’adresse…'), async (signal) => {
      const created = await openCalendarFeed(host.client, child.id, fresh, signal);
      agenda.changed([...others(agenda.feeds), created]);
      return fresh
        ? msg('Nouvelle adresse créée : l’ancienne ne fonctionne plus, ajoutez celle-ci à votre agenda.')
        : msg('Adresse créée : ajoutez-la à votre agenda.');
    });
  const revoke = () =>
    editing.write(key, msg('Désactivation…'), async (signal) => {
      agenda.changed(await revokeCalendarFeed(host.client, child.id, signal));
      return msg('Agenda désactivé : son adresse ne fonctionne plus.');
    });
  const copy = async (event: Event) => {
    const input = (event.currentTarget as HTMLElement).closest('section')?.querySelector('input');
    try {
      await navigator.clipboard.writeText(feed!.url);
      editing.notify(key, msg('Adresse copiée.'));
    } catch {
      input?.select();
      editing.notify(key, msg('Adresse sélectionnée : copiez-la avec Ctrl+C (ou ⌘+C).'));
    }
  };
  return html`<section class="group agenda" part="section">
    ${heading(4, `${id}-h`, msg('Ajouter à mon agenda'))}
    <p class="hint">
      ${msg(str`Les jours réservés pour ${child.firstName} apparaissent dans l’agenda de votre téléphone ou de votre messagerie, et se mettent à jour tout seuls. Cette adresse est personnelle : ne la donnez qu’aux personnes qui doivent voir ces jours.`)}
    </p>
    ${editing.messages(key)}
    ${feed
      ? html`<div class="field">
            <label for="${id}-url">${msg(str`Adresse de l’agenda (${child.firstName})`)}</label>
            <input id="${id}-url" part="input" type="url" readonly .value=${live(feed.url)} @focus=${(e: Event) => (e.currentTarget as HTMLInputElement).select()} />
          </div>
          <div class="actions">
            <button part="button" type="button" @click=${copy}>
              ${msg('Copier l’adresse')}<span class="visually-hidden"> : ${child.firstName}</span>
            </button>
            <a part="button" class="button" href=${feed.webcalUrl}>
              ${msg('Ouvrir dans mon agenda')}<span class="visually-hidden"> : ${child.firstName}</span>
            </a>
            <button part="button" type="button" @click=${() => open(true)}>
              ${msg('Changer l’adresse')}<span class="visually-hidden"> : ${child.firstName}</span>
            </button>
            <button part="button" type="button" @click=${revoke}>
              ${msg('Désactiver')}<span class="visually-hidden"> : ${child.firstName}</span>
            </button>
          </div>`
      : html`<div class="actions">
          <button part="button" type="button" @click=${() => open(false)}>
            ${msg('Créer l’adresse de l’agenda')}<span class="visually-hidden"> : ${child.firstName}</span>
          </button>
        </div>`}
  </section>`;
}
