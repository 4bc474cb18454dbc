import { css } from 'lit';

export const facturesStyles = css`
  section {
    margin: 0 0 1.5em;
  }

  .balance,
  .total {
    font-size: 1.125em;
    font-weight: bold;
  }

  .warning {
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid #8a6d00;
    background: #fffaf0;
  }

  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
    margin: 0 0 1em;
    padding: 0;
    list-style: none;
    counter-reset: step;
    color: var(--_portail-muted);
  }

  .steps li {
    counter-increment: step;
  }

  /* The list is ordered already: the number is drawn for the eye only. */
  .steps li::before {
    content: counter(step) / '';
    display: inline-block;
    min-width: 1.75em;
    margin-inline-end: 0.375em;
    border: 0.0625em solid currentColor;
    border-radius: 50%;
    text-align: center;
  }

  .steps [aria-current] {
    color: var(--_portail-text);
    font-weight: bold;
  }

  .steps [aria-current]::before {
    border-color: var(--_portail-primary);
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
  }

  /* Tables keep their columns and scroll inside this box, never the page (320 px screens). */
  .scroller {
    max-width: 100%;
    overflow-x: auto;
    margin: 0 0 1em;
  }

  .scroller:focus-visible {
    outline: 0.1875em solid var(--_portail-focus);
    outline-offset: 0.125em;
  }

  table {
    border-collapse: collapse;
    background: var(--_portail-surface);
  }

  caption {
    padding: 0 0 0.5em;
    font-weight: bold;
    text-align: start;
  }

  th,
  td {
    padding: 0.375em 0.5em;
    border: 0.0625em solid var(--_portail-border);
    text-align: start;
    vertical-align: top;
  }

  tbody th {
    font-weight: normal;
    white-space: nowrap;
  }

  small,
  .line {
    display: block;
  }

  small {
    color: var(--_portail-muted);
    font-size: 0.875em;
  }

  .amount {
    text-align: end;
    white-space: nowrap;
  }

  .late {
    display: block;
    color: var(--_portail-error);
  }

  input[type='radio'],
  input[type='checkbox'] {
    width: 1.25em;
    min-height: 1.25em;
    accent-color: var(--_portail-primary);
  }

  /* Narrow screens scroll the table rather than squeeze its columns into slivers. */
  td {
    min-width: 7em;
  }

  td.choice {
    min-width: 9em;
  }

  .check {
    display: flex;
    gap: 0.5em;
    align-items: center;
  }

  .summary {
    padding: 0.75em;
    border: 0.0625em solid var(--_portail-border);
    border-radius: var(--_portail-radius);
  }
`;
