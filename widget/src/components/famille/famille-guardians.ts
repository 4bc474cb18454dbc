import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import { changeLoginEmail } from '../../api/famille.js';
import { fieldsOf, flatten, nest, readForm, type FieldDef } from './famille-fields.js';
import { control, heading, sectionHeading } from './famille-form.js';
import { groupSection, type FamilleHost } from './famille-group.js';

/** The guardians' sections: the responsable, the conjoint, then their contact details, the family's e-mails and which e-mails it receives. */
export function guardianSections(host: FamilleHost, mailPreferences: unknown = nothing) {
  const { family, guardians } = host.file;
  const conjoint = guardians.conjoint;
  const emails = family.notificationEmails;
  return html`${groupSection(host, { key: 'responsable', group: 'responsable', level: 3, values: { ...guardians.responsable } })}
    ${groupSection(host, {
      key: 'conjoint',
      group: 'conjoint',
      level: 3,
      values: { ...conjoint },
      empty: conjoint ? undefined : msg('Aucun conjoint renseigné.'),
    })}
    <section part="section" aria-labelledby="coordonnees-h">
      ${sectionHeading('coordonnees', msg('Coordonnées et notifications'), host.editing.foldOf('coordonnees'))}
      ${groupSection(host, {
        key: 'contact',
        group: 'contact',
        level: 4,
        defs: fieldsOf('contact', conjoint !== null),
        values: flatten({ responsable: guardians.responsable, conjoint }),
        toBody: nest,
      })}
      ${loginEmailSection(host, family.email)}
      ${groupSection(host, {
        key: 'notifications',
        group: 'notifications',
        level: 4,
        values: { email1: emails[0], email2: emails[1], email3: emails[2] },
        toBody: (body) => ({ emails: Object.values(body).filter(Boolean) }),
      })}
      ${mailPreferences}
    </section>`;
}

/** The address the parent signs in with: changing it asks for the password and is confirmed by e-mail. */
function loginEmailSection(host: FamilleHost, email: string | null) {
  const { editing } = host;
  const key = 'login-email';
  const defs: FieldDef[] = [
    { name: 'email', label: msg('Nouvelle adresse de connexion'), kind: 'email', autocomplete: 'email', required: true },
    {
      name: 'password',
      label: msg('Mot de passe actuel'),
      kind: 'password',
      autocomplete: 'current-password',
      required: true,
      hint: msg('Un e-mail de confirmation sera envoyé à votre adresse actuelle.'),
    },
  ];
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const { body, errors } = readForm(event.currentTarget as HTMLFormElement, defs);
    if (editing.invalid(key, errors)) return;
    void editing.write(key, msg('Enregistrement…'), async (signal) => {
      host.applied(
        await changeLoginEmail(host.client, { email: String(body.email), password: String(body.password) }, signal),
      );
      return msg('Demande enregistrée : un e-mail de confirmation a été envoyé à l’ancienne adresse.');
    });
  };
  return html`<section class="group" part="section">
    ${heading(4, 'login-email-h', msg('Adresse de connexion'))} ${editing.messages(key, defs)}
    <p class="login-email">${email}</p>
    ${editing.isOpen(key)
      ? html`<form id="login-email-form" part="form" novalidate @submit=${onSubmit}>
          ${defs.map((d) => control('login-email', d, '', editing.errorOf(key, d.name)))} ${editing.formActions(key)}
        </form>`
      : editing.editButton(key, '', msg('Changer l’adresse de connexion'))}
  </section>`;
}
