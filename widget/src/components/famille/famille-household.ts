import { html } from 'lit';
import { msg, str } from '@lit/localize';
import { saveGroup } from '../../api/famille.js';
import { formatDate } from '../../base/format.js';
import { groupTitle, readForm, type FieldDef } from './famille-fields.js';
import { control, sectionHeading } from './famille-form.js';
import { pendingOf, policyText, type FamilleHost } from './famille-group.js';

/** The fields of one household member; `prefix` tells members apart in the one form (`0.`, `new.`). */
const memberDefs = (prefix: string, required: boolean): FieldDef[] => [
  { name: `${prefix}firstName`, label: msg('Prénom'), autocomplete: 'off', required },
  { name: `${prefix}lastName`, label: msg('Nom'), autocomplete: 'off', required },
  { name: `${prefix}relation`, label: msg('Lien de parenté'), autocomplete: 'off', required },
  { name: `${prefix}birthDate`, label: msg('Date de naissance'), kind: 'date', autocomplete: 'off' },
];

/**
 * The other members of the household, edited as one list: each member can be changed or
 * removed, and one can be added, then the whole list is sent.
 */
export function householdSection(host: FamilleHost) {
  const { editing, file } = host;
  const key = 'household';
  const members = file.household;
  const allDefs = [...members.flatMap((_, i) => memberDefs(`${i}.`, true)), ...memberDefs('new.', false)];
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const { body, errors } = readForm(form, allDefs);
    const member = (prefix: string) =>
      Object.fromEntries(memberDefs(prefix, false).map((d) => [d.name.slice(prefix.length), body[d.name]]));
    const kept = members.flatMap((_, i) =>
      (form.elements.namedItem(`${i}.remove`) as HTMLInputElement).checked ? [] : [member(`${i}.`)],
    );
    const added = member('new.');
    if (added.firstName || added.lastName || added.relation) {
      for (const d of memberDefs('new.', true)) if (d.required && !body[d.name]) errors[d.name] = msg('Veuillez remplir ce champ.');
      kept.push(added);
    }
    if (editing.invalid(key, errors)) return;
    void editing.write(key, msg('Enregistrement…'), async (signal) =>
      host.applied(await saveGroup(host.client, 'household', { members: kept }, signal)),
    );
  };
  return html`<section class="group" part="section" aria-labelledby="household-h">
    ${sectionHeading(key, groupTitle(key), editing.foldOf(key))} ${policyText(file, key)}
    ${pendingOf(file, key, undefined, allDefs)} ${editing.messages(key, allDefs)}
    ${editing.isOpen(key)
      ? html`<form id="household-form" part="form" novalidate @submit=${onSubmit}>
          ${members.map(
            (m, i) => html`<fieldset>
              <legend>${m.firstName} ${m.lastName}</legend>
              ${memberDefs(`${i}.`, true).map((d) =>
                control(`household-${i}`, d, m[d.name.slice(2) as keyof typeof m], editing.errorOf(key, d.name)),
              )}
              <div class="check">
                <input type="checkbox" id="household-${i}-remove" name="${i}.remove" />
                <label for="household-${i}-remove">${msg('Retirer du foyer')}</label>
              </div>
            </fieldset>`,
          )}
          <fieldset>
            <legend>${msg('Ajouter un membre (facultatif)')}</legend>
            ${memberDefs('new.', false).map((d) => control('household-new', d, '', editing.errorOf(key, d.name)))}
          </fieldset>
          ${editing.formActions(key)}
        </form>`
      : html`${members.length
            ? html`<ul class="list">
                ${members.map(
                  (m) => html`<li>
                    <strong>${m.firstName} ${m.lastName}</strong> – ${m.relation}${m.birthDate
                      ? msg(str`, né(e) le ${formatDate(m.birthDate)}`)
                      : ''}
                  </li>`,
                )}
              </ul>`
            : html`<p>${msg('Aucun autre membre du foyer.')}</p>`}
          ${editing.editButton(key, groupTitle(key))}`}
  </section>`;
}
