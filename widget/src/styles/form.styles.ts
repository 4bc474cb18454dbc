import { css } from 'lit';

/** Native form controls, restyled inside the shadow root (page CSS cannot reach them). */
export const formStyles = css`
  form {
    display: grid;
    gap: 1em;
    margin: 0 0 1em;
  }

  .field {
    display: grid;
    gap: 0.25em;
  }

  label {
    font-weight: bold;
  }

  .hint {
    margin: 0;
    font-size: 0.875em;
    color: var(--_portail-muted);
  }

  .field-error {
    margin: 0;
    font-size: 0.875em;
    color: var(--_portail-error);
  }

  /* Every text field, list and text area of every element looks and behaves the same. */
  input,
  select,
  textarea {
    width: 100%;
    min-height: 2.75em;
    margin: 0;
    padding: 0.5em 0.625em;
    border: 0.0625em solid var(--_portail-border);
    border-radius: var(--_portail-radius);
    background: var(--_portail-surface);
    color: var(--_portail-text);
    font: inherit;
    /* Below 16px, iOS zooms the page when the field gets focus. */
    font-size: max(1em, 16px);
    line-height: 1.25;
  }

  textarea {
    min-height: 6em;
    resize: vertical;
  }

  input[type='file'] {
    padding: 0.375em;
  }

  select:focus-visible,
  textarea:focus-visible {
    outline: 0.1875em solid var(--_portail-focus);
    outline-offset: 0.125em;
  }

  input[aria-invalid='true'],
  select[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--_portail-error);
    border-width: 0.125em;
  }

  .password {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .password input {
    flex: 1 1 12em;
  }

  button,
  a.button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 2.75em;
    margin: 0;
    padding: 0.5em 1em;
    border: 0.125em solid var(--_portail-primary);
    border-radius: var(--_portail-radius);
    background: var(--_portail-surface);
    color: var(--_portail-primary);
    font: inherit;
    font-weight: bold;
    line-height: 1.25;
    text-align: center;
    text-decoration: none;
    cursor: pointer;
  }

  button.primary {
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
  }

  button.link {
    min-height: auto;
    padding: 0.25em 0;
    border: 0;
    background: none;
    font-weight: normal;
    text-decoration: underline;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75em 1em;
  }
`;
