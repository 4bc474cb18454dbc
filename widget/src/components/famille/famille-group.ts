import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { ApiClient } from '../../api/client.js';
import { saveGroup, type FamilyFile, type FamilyGroup, type WriteAnswer } from '../../api/famille.js';
import type { FamilleEditing } from './famille-editing.js';
import { fieldsOf, groupTitle, policyOf, readForm, summaryDefs, type FieldDef } from './famille-fields.js';
import { control, heading, idOf, pendingView, readView } from './famille-form.js';

/** What the sections of the family file need from `<portail-famille>`. */
export interface FamilleHost {
  readonly editing: FamilleEditing;
  readonly client: ApiClient;
  readonly file: FamilyFile;
  /** Takes in the file as the server now holds it; returns what became of the change. */
  applied(answer: WriteAnswer): string;
}

export interface GroupOptions {
  /** Form and message key, unique in the element (`child_health:<childId>`). */
  key: string;
  group: FamilyGroup;
  level: 3 | 4;
  values: Record<string, unknown>;
  /** Values the form starts from, when they differ from the read view (the IBAN is never prefilled). */
  formValues?: Record<string, unknown>;
  defs?: FieldDef[];
  childId?: string;
  /** Whose group it is, for the hidden part of the "Modifier" button's name. */
  owner?: string;
  /** Read-only lines shown in both modes (school and class). */
  fixed?: TemplateResult;
  empty?: string;
  toBody?: (body: Record<string, unknown>) => Record<string, unknown>;
}

export function policyText(file: FamilyFile, group: FamilyGroup) {
  return html`<p class="policy">
    ${policyOf(file.policy, group) === 'direct'
      ? msg('Modifiable directement')
      : msg('Soumis à validation de la mairie')}
  </p>`;
}

export function pendingOf(file: FamilyFile, group: FamilyGroup, childId: string | undefined, defs: FieldDef[]) {
  return pendingView(
    file.pending.filter((p) => p.group === group && (p.childId ?? undefined) === childId),
    [...defs, ...summaryDefs()],
  );
}

/** One group of fields: its policy, its pending changes, then its read view or its "Modifier" form. */
export function groupSection(host: FamilleHost, o: GroupOptions) {
  const { editing } = host;
  const defs = o.defs ?? fieldsOf(o.group);
  const id = idOf(o.key);
  const title = groupTitle(o.group);
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const { body, errors } = readForm(event.currentTarget as HTMLFormElement, defs);
    if (editing.invalid(o.key, errors)) return;
    void editing.write(o.key, msg('Enregistrement…'), async (signal) =>
      host.applied(
        await saveGroup(
          host.client,
          o.group,
          { ...(o.childId ? { childId: o.childId } : {}), ...(o.toBody ? o.toBody(body) : body) },
          signal,
        ),
      ),
    );
  };
  // Only top-level sections are named regions: a child's "Santé" would repeat for every child.
  return html`<section class="group" part="section" aria-labelledby=${o.level === 3 ? `${id}-h` : nothing}>
    ${heading(o.level, `${id}-h`, title, o.level === 3 ? editing.foldOf(o.key) : undefined)} ${policyText(host.file, o.group)} ${pendingOf(host.file, o.group, o.childId, defs)}
    ${editing.messages(o.key, defs)}
    ${editing.isOpen(o.key)
      ? html`<form id="${id}-form" part="form" novalidate @submit=${onSubmit}>
          ${defs.map((d) => control(id, d, (o.formValues ?? o.values)[d.name], editing.errorOf(o.key, d.name)))}
          ${editing.formActions(o.key)}
        </form>`
      : defs.length === 0
        ? html`<p>${o.empty}</p>`
        : html`${o.empty ? html`<p>${o.empty}</p>` : readView(defs, o.values)}
            ${editing.editButton(o.key, o.owner ? `${title} – ${o.owner}` : title)}`}
    ${o.fixed ?? nothing}
  </section>`;
}
