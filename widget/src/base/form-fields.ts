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

/** A labelled native input whose hint and error are tied to it by aria-describedby. */
export function renderField(f: FieldOptions) {
  const hintId = f.hint ? `${f.name}-hint` : '';
  const errorId = f.error ? `${f.name}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for=${f.name}>${f.label}</label>
    ${f.hint ? html`<p class="hint" id=${hintId}>${f.hint}</p>` : nothing}
    ${f.error ? html`<p class="field-error" id=${errorId}>${f.error}</p>` : nothing}
    <input
      part="input"
      id=${f.name}
      name=${f.name}
      type=${f.type ?? 'text'}
      autocomplete=${f.autocomplete}
      inputmode=${ifDefined(f.inputmode)}
      required
      aria-describedby=${describedBy || nothing}
      aria-invalid=${f.error ? 'true' : nothing}
    />
  </div>`;
}

/** The form's values by input name; passwords keep their spaces, other fields are trimmed. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string') values[name] = /password|confirm/i.test(name) ? value : value.trim();
  }
  return values;
}
