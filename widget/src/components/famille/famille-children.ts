import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { writePickupPerson, type FamilyChild, type PickupPerson, type PickupPersonBody as PickupPersonInput } from '../../api/famille.js';
import { fieldsOf, flatten, groupTitle, nest, readForm, type FieldDef } from './famille-fields.js';
import { control, heading, idOf, sectionHeading } from './famille-form.js';
import { groupSection, pendingOf, policyText, type FamilleHost } from './famille-group.js';

/** One child's section: the child files to download, the calendar feed (`agenda`), identity (with `photo`), health, pickup persons and extra data. */
export function childSection(host: FamilleHost, child: FamilyChild, photo: TemplateResult, agenda: TemplateResult) {
  const { editing } = host;
  const key = `child:${child.id}`;
  const name = `${child.firstName} ${child.lastName}`;
  const fiche = (edition: 'simple' | 'complete', label: string) =>
    html`<button
      part="button"
      type="button"
      @click=${() =>
        editing.download(key, `famille/children/${encodeURIComponent(child.id)}/fiche.pdf?edition=${edition}`, `fiche-${child.firstName}-${edition}.pdf`)}
    >
      ${label}
    </button>`;
  const complementaryDefs = Object.keys(child.complementary).map((k): FieldDef => ({ name: k, label: k, autocomplete: 'off' }));
  return html`<section class="child" part="section" aria-labelledby="${idOf(key)}-h">
    ${sectionHeading(key, name, editing.foldOf(key))} ${editing.messages(key)}
    <div class="actions">
      ${fiche('simple', msg('Fiche enfant (PDF) simple'))} ${fiche('complete', msg('Fiche enfant (PDF) complète'))}
    </div>
    ${agenda}
    ${groupSection(host, {
      key: `child_identity:${child.id}`,
      group: 'child_identity',
      level: 4,
      childId: child.id,
      owner: child.firstName,
      values: { ...child },
      fixed: html`<dl class="read">
          <div><dt>${msg('École')}</dt><dd>${child.school ?? msg('Non renseigné')}</dd></div>
          <div><dt>${msg('Classe')}</dt><dd>${child.className ?? msg('Non renseigné')}</dd></div>
        </dl>
        <p class="hint">${msg('L’école et la classe sont tenues à jour par la mairie.')}</p>
        ${photo}`,
    })}
    ${groupSection(host, {
      key: `child_health:${child.id}`,
      group: 'child_health',
      level: 4,
      childId: child.id,
      owner: child.firstName,
      values: flatten({ ...child.health }),
      toBody: nest,
    })}
    ${pickupSection(host, child)}
    ${groupSection(host, {
      key: `child_complementary:${child.id}`,
      group: 'child_complementary',
      level: 4,
      childId: child.id,
      owner: child.firstName,
      defs: complementaryDefs,
      values: child.complementary,
      empty: complementaryDefs.length ? undefined : msg('La commune ne demande pas d’autre information.'),
      toBody: (body) => ({ complementary: body }),
    })}
  </section>`;
}

/** The persons allowed (or forbidden) to collect the child, each added, changed or removed on its own. */
function pickupSection(host: FamilleHost, child: FamilyChild) {
  const { editing } = host;
  const key = `child_pickup:${child.id}`;
  const defs = fieldsOf('child_pickup');
  const form = (formKey: string, person?: PickupPerson) => {
    const id = idOf(formKey);
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      const { body, errors } = readForm(event.currentTarget as HTMLFormElement, defs);
      if (editing.invalid(key, errors)) return;
      void editing.write(key, msg('Enregistrement…'), async (signal) =>
        host.applied(await writePickupPerson(host.client, child.id, person?.id, body as unknown as PickupPersonInput, signal)),
      );
    };
    return html`<form id="${id}-form" part="form" novalidate @submit=${onSubmit}>
      ${defs.map((d) => control(id, d, person?.[d.name as keyof PickupPerson], editing.errorOf(key, d.name)))}
      ${editing.formActions(key)}
    </form>`;
  };
  const remove = (person: PickupPerson) =>
    editing.write(key, msg('Suppression…'), async (signal) =>
      host.applied(await writePickupPerson(host.client, child.id, person.id, null, signal)),
    );
  return html`<section class="group" part="section">
    ${heading(4, `${idOf(key)}-h`, groupTitle('child_pickup'))} ${policyText(host.file, 'child_pickup')}
    ${pendingOf(host.file, 'child_pickup', child.id, defs)} ${editing.messages(key, defs)}
    ${child.pickupPersons.length
      ? html`<ul class="list">
          ${child.pickupPersons.map((p) => {
            const personName = `${p.firstName} ${p.lastName}`;
            const formKey = `pickup:${child.id}:${p.id}`;
            if (editing.isOpen(formKey)) return html`<li>${form(formKey, p)}</li>`;
            return html`<li>
              <strong>${personName}</strong> – ${p.relation} – ${p.phone}
              <span class="badge ${p.allowed ? 'badge-ok' : 'badge-ko'}" part="badge">
                ${p.allowed ? msg('Autorisée') : msg('Interdite')}
              </span>
              <div class="actions">
                ${editing.removing === formKey
                  ? html`<p>${msg(str`Retirer ${personName} de la liste ?`)}</p>
                      <button part="button" type="button" @click=${() => remove(p)}>${msg('Retirer')}</button>
                      <button part="button" type="button" @click=${() => editing.confirmRemoval(null)}>${msg('Annuler')}</button>`
                  : html`${editing.editButton(formKey, personName)}
                      <button part="button" type="button" @click=${() => editing.confirmRemoval(formKey)}>
                        ${msg('Supprimer')}<span class="visually-hidden"> : ${personName}</span>
                      </button>`}
              </div>
            </li>`;
          })}
        </ul>`
      : html`<p>${msg('Aucune personne enregistrée.')}</p>`}
    ${editing.isOpen(`pickup:${child.id}:new`)
      ? form(`pickup:${child.id}:new`)
      : editing.editButton(`pickup:${child.id}:new`, child.firstName, msg('Ajouter une personne'))}
  </section>`;
}
