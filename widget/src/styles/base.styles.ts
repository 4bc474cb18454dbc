import { css } from 'lit';

/**
 * Shared by every element. Public tokens (`--portail-*`) are only read, with a fallback, so a
 * webmaster can set them on `:root`; private ones (`--_portail-*`) are resolved here once.
 * Sizes are in `em`: towns often set `html { font-size: 62.5% }`, which would shrink `rem`.
 */
export const baseStyles = css`
  :host {
    --_portail-primary: var(--portail-color-primary, #1d4f91);
    --_portail-primary-text: var(--portail-color-primary-text, #ffffff);
    --_portail-text: var(--portail-color-text, #1f2328);
    --_portail-muted: var(--portail-color-muted, #4d5562);
    --_portail-surface: var(--portail-color-surface, #ffffff);
    --_portail-border: var(--portail-color-border, #6b7280);
    --_portail-error: var(--portail-color-error, #b3261e);
    --_portail-success: var(--portail-color-success, #1e6b34);
    --_portail-focus: var(--portail-color-focus, #1d4f91);
    --_portail-radius: var(--portail-radius, 0.25em);

    display: block;
    box-sizing: border-box;
    max-width: 100%;
    font-family: var(--portail-font-family, inherit);
    /* A page with html { font-size: 62.5% } and no body size would leave 10px text. */
    font-size: var(--portail-font-size, max(1em, 16px));
    font-style: normal;
    font-weight: normal;
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-transform: none;
    color: var(--_portail-text);
  }

  :host([hidden]) {
    display: none;
  }

  /* Not inherit: a page rule like * { box-sizing: content-box } beats :host on the host. */
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  h2,
  h3 {
    margin: 0 0 0.5em;
    line-height: 1.25;
    font-weight: bold;
  }

  h2 {
    font-size: 1.375em;
  }

  h3 {
    font-size: 1.125em;
  }

  h2:focus,
  h3:focus {
    outline: none;
  }

  h2:focus-visible,
  h3:focus-visible {
    outline: 0.125em solid var(--_portail-focus);
    outline-offset: 0.125em;
  }

  p {
    margin: 0 0 0.75em;
  }

  a {
    color: var(--_portail-primary);
    text-decoration: underline;
  }

  a:focus-visible,
  button:focus-visible,
  input:focus-visible {
    outline: 0.1875em solid var(--_portail-focus);
    outline-offset: 0.125em;
  }

  .status,
  .alert {
    margin: 0 0 0.75em;
  }

  .alert:not(:empty) {
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid var(--_portail-error);
    background: #fdf0ef;
    color: var(--_portail-error);
  }

  .notice:not(:empty) {
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid var(--_portail-success);
    background: #eef7f0;
    color: var(--_portail-success);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
