import { css } from 'lit';

export const familleStyles = css`
  section {
    margin: 0 0 1.5em;
  }

  .group {
    padding-block-start: 0.75em;
    border-block-start: 0.0625em solid #d0d4da;
  }

  h3.folded,
  h3.unfolded {
    margin: 0;
  }

  h3.unfolded {
    margin-block-end: 0.5em;
  }

  .fold {
    display: flex;
    align-items: center;
    justify-content: flex-start;
    gap: 0.5em;
    width: 100%;
    min-height: 2.75em;
    padding: 0.25em 0;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }

  /* A chevron drawn with borders: no glyph a system font could lack. */
  .fold::before {
    content: '';
    flex: none;
    width: 0.5em;
    height: 0.5em;
    margin-inline: 0.125em 0.25em;
    border-block-end: 0.15em solid currentColor;
    border-inline-end: 0.15em solid currentColor;
    transform: rotate(45deg);
  }

  .fold[aria-expanded='false']::before {
    transform: rotate(-45deg);
  }

  .fold-all {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .child {
    padding: 0.75em;
    border: 0.0625em solid #d0d4da;
    border-radius: var(--_portail-radius);
  }

  h4,
  h5 {
    margin: 0 0 0.5em;
    font-size: 1em;
    font-weight: bold;
  }

  h4:focus,
  h5:focus {
    outline: none;
  }

  h4:focus-visible,
  h5:focus-visible {
    outline: 0.125em solid var(--_portail-focus);
    outline-offset: 0.125em;
  }

  .policy,
  .toc-title {
    color: var(--_portail-muted);
    font-size: 0.875em;
  }

  .toc ul,
  .list {
    margin: 0 0 1em;
    padding: 0;
    list-style: none;
  }

  .toc ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1em;
  }

  .list li {
    padding: 0.5em 0;
    border-block-end: 0.0625em solid #d0d4da;
  }

  dl.read {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 14em), 1fr));
    gap: 0.5em 1em;
    margin: 0 0 0.75em;
  }

  dt {
    color: var(--_portail-muted);
    font-size: 0.875em;
  }

  dd {
    margin: 0;
  }

  dd,
  li,
  p {
    overflow-wrap: anywhere;
  }

  [aria-invalid='true'] {
    border-color: var(--_portail-error);
    border-width: 0.125em;
  }

  fieldset {
    display: grid;
    gap: 0.75em;
    min-width: 0;
    margin: 0;
    padding: 0.75em;
    border: 0.0625em solid #d0d4da;
  }

  legend {
    font-weight: bold;
  }

  .check {
    display: flex;
    gap: 0.5em;
    align-items: center;
  }

  .check input {
    width: 1.25em;
    min-height: 1.25em;
  }

  .badge {
    display: inline-block;
    padding: 0 0.5em;
    border-radius: var(--_portail-radius);
    font-size: 0.875em;
    font-weight: bold;
  }

  .badge-pending {
    background: var(--portail-color-pending, #fff1c2);
    color: #1f2328;
  }

  .badge-ok {
    background: #eef7f0;
    color: var(--_portail-success);
  }

  .badge-ko {
    background: #fdf0ef;
    color: var(--_portail-error);
  }

  .pending {
    margin: 0 0 0.75em;
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid #8a6d00;
    background: #fffaf0;
  }

  .pending ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }

  .thumb {
    display: block;
    max-width: min(100%, 10em);
    height: auto;
    margin: 0 0 0.75em;
  }

  .login-email {
    font-weight: bold;
  }

  /* A folded section shows its heading only (last, and specific enough to beat every display above). */
  section > h3.folded ~ * {
    display: none;
  }
`;
