import { html, nothing, type TemplateResult } from 'lit';

/** What a text field of the staff page needs: its id, label, value, hint and error. */
export interface FieldOptions {
  id: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'date' | 'month' | 'search';
  inputmode?: 'numeric' | 'decimal' | 'url';
  autocomplete?: string;
  maxlength?: number;
  placeholder?: string;
  disabled?: boolean;
  onInput: (value: string) => void;
}

/** Ids the field's description points to: its hint and its error, both in the same shadow root. */
export function describedBy(id: string, hint: boolean, error: boolean): string | typeof nothing {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
}

/** The error line under a field, referenced by its aria-describedby. */
export function fieldError(id: string, error: string | undefined): TemplateResult | string {
  return error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : '';
}

/** A labelled text input with its hint and error, as every form of the staff page shows them. */
export function textField(options: FieldOptions): TemplateResult {
  const { id, label, value, error, hint } = options;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : ''}
    <input id=${id} name=${id} type=${options.type ?? 'text'} .value=${value} inputmode=${options.inputmode ?? nothing}
      autocomplete=${options.autocomplete ?? 'off'} maxlength=${options.maxlength ?? nothing} placeholder=${options.placeholder ?? nothing} ?disabled=${options.disabled ?? false}
      aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy(id, !!hint, !!error)}
      @input=${(e: Event) => options.onInput((e.target as HTMLInputElement).value)} />
    ${fieldError(id, error)}
  </div>`;
}
