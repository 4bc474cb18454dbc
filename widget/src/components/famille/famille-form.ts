import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg, str } from '@lit/localize';
import type { PendingChange } from '../../api/famille.js';
import { describedBy, fieldFrame } from '../../base/form-fields.js';
import { formatDate } from '../../base/format.js';
import { display, inputValue, type FieldDef } from './famille-fields.js';

/** Templates shared by every group of `<portail-famille>`: controls, read view, pending changes. */

/** An id usable in the shadow root from a form key such as `child_health:c1`. */
export const idOf = (key: string): string => key.replace(/[^\w-]/g, '-');

/** A top-level section's folding, as its heading shows it. */
export interface Fold {
  folded: boolean;
  toggle(): void;
}

export function heading(level: 3 | 4, id: string, text: string, fold?: Fold) {
  if (level === 4) return html`<h4 id=${id} tabindex="-1">${text}</h4>`;
  if (!fold) return html`<h3 id=${id} tabindex="-1">${text}</h3>`;
  // The heading's button folds what follows it in the section (disclosure pattern); the
  // stylesheet hides the heading's next siblings while it is folded.
  return html`<h3 id=${id} tabindex="-1" class=${fold.folded ? 'folded' : 'unfolded'}>
    <button type="button" class="fold" aria-expanded=${fold.folded ? 'false' : 'true'} @click=${fold.toggle}>${text}</button>
  </h3>`;
}

/** The heading of a top-level section, which "Sur cette page" and saved changes move the focus to. */
export const sectionHeading = (key: string, title: string, fold?: Fold) => heading(3, `${idOf(key)}-h`, title, fold);

/**
 * A labelled native control; hint and error are tied to it by aria-describedby. Values are set
 * once as properties, so a re-render (the session being touched) never erases what was typed.
 */
export function control(prefix: string, def: FieldDef, value: unknown, error?: string) {
  const text = { id: `${prefix}-${idOf(def.name)}`, label: def.label, hint: def.hint, error };
  const { id } = text;
  const described = describedBy(text);
  const invalid = error ? 'true' : nothing;
  const current = inputValue(def, value);
  let field;
  if (def.options) {
    field = html`<select
      id=${id}
      name=${def.name}
      autocomplete=${ifDefined(def.autocomplete)}
      aria-describedby=${described}
      aria-invalid=${invalid}
    >
      ${def.options.map(([v, label]) => html`<option value=${v} ?selected=${v === current}>${label}</option>`)}
    </select>`;
  } else if (def.kind === 'list' || def.kind === 'vaccines' || def.kind === 'textarea') {
    field = html`<textarea
      id=${id}
      name=${def.name}
      rows="3"
      .value=${current}
      aria-describedby=${described}
      aria-invalid=${invalid}
    ></textarea>`;
  } else {
    field = html`<input
      part="input"
      id=${id}
      name=${def.name}
      type=${def.kind === 'number' ? 'text' : (def.kind ?? 'text')}
      .value=${current}
      autocomplete=${ifDefined(def.autocomplete)}
      inputmode=${ifDefined(def.inputmode)}
      ?required=${def.required}
      aria-describedby=${described}
      aria-invalid=${invalid}
    />`;
  }
  return fieldFrame(text, field);
}

export function readView(defs: FieldDef[], values: Record<string, unknown>) {
  return html`<dl class="read">
    ${defs
      .filter((d) => d.kind !== 'password')
      .map((d) => html`<div><dt>${d.label}</dt><dd>${display(d, values[d.name])}</dd></div>`)}
  </dl>`;
}

/** The "En attente de validation" badge with each requested field as old → new. */
export function pendingView(changes: PendingChange[], defs: FieldDef[]) {
  if (changes.length === 0) return nothing;
  return html`${changes.map(
    (change) => html`<div class="pending" part="pending">
      <p>
        <span class="badge badge-pending" part="badge">${msg('En attente de validation')}</span>
        ${msg(str`Demande du ${formatDate(change.requestedAt)}`)}
      </p>
      <ul>
        ${Object.entries(change.fields).map(([name, values]) => {
          const def = defs.find((d) => d.name === name);
          return html`<li>
            <span class="pending-label">${def?.label ?? name}</span> : ${display(def, values.old)}
            <span aria-hidden="true">→</span> <span class="visually-hidden">${msg('remplacé par')}</span>
            <strong>${display(def, values.new)}</strong>
          </li>`;
        })}
      </ul>
    </div>`,
  )}`;
}

/** The content of a group's role="alert" region: the sentence, then each field's message. */
export function errorSummary(text: string, errors: Record<string, string>, defs: FieldDef[]) {
  const entries = Object.entries(errors);
  return html`<p>${text}</p>
    ${entries.length
      ? html`<ul>
          ${entries.map(([name, message]) => html`<li>${defs.find((d) => d.name === name)?.label ?? name} : ${message}</li>`)}
        </ul>`
      : nothing}`;
}
