import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autocomplete: string;
  hint?: string;
  error?: string;
  inputmode?: 'numeric' | 'text' | 'email';
}

/** The texts around a field's control: `id` is the control's, and names the hint and the error (`<id>-hint`, `<id>-error`). */
export interface FieldText {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

/** The control's aria-describedby: its hint, then its error. */
export function describedBy(f: FieldText) {
  return [f.hint ? `${f.id}-hint` : '', f.error ? `${f.id}-error` : ''].filter(Boolean).join(' ') || nothing;
}

/** A field: its label, hint and error, then `control`, which names them with `describedBy`. */
export function fieldFrame(f: FieldText, control: unknown) {
  return html`<div class="field">
    <label for=${f.id}>${f.label}</label>
    ${f.hint ? html`<p class="hint" id="${f.id}-hint">${f.hint}</p>` : nothing}
    ${f.error ? html`<p class="field-error" id="${f.id}-error">${f.error}</p>` : nothing}
    ${control}
  </div>`;
}

/** A labelled, required native input, named and identified by `name`. */
export function renderField(f: FieldOptions) {
  const text = { id: f.name, label: f.label, hint: f.hint, error: f.error };
  return fieldFrame(
    text,
    html`<input
      part="input"
      id=${f.name}
      name=${f.name}
      type=${f.type ?? 'text'}
      autocomplete=${f.autocomplete}
      inputmode=${ifDefined(f.inputmode)}
      required
      aria-describedby=${describedBy(text)}
      aria-invalid=${f.error ? 'true' : nothing}
    />`,
  );
}

/** The form's values by input name; passwords keep their spaces, other fields are trimmed. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string') values[name] = /password|confirm/i.test(name) ? value : value.trim();
  }
  return values;
}
