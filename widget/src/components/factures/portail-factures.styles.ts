import { css } from 'lit';

export const facturesStyles = css`
  /* The tables follow the width of the element, not of the screen: it may sit in a side column. */
  :host {
    container-type: inline-size;
  }

  section {
    margin: 0 0 1.5em;
  }

  .balance,
  .total {
    font-size: 1.125em;
    font-weight: bold;
  }

  /* A download link that wraps reads as text, from the start of the line. */
  button.link {
    text-align: start;
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

  table {
    width: 100%;
    margin: 0 0 1em;
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
    overflow-wrap: break-word;
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
    font-weight: normal;
    white-space: normal;
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

  td.choice {
    min-width: 7em;
  }

  /* Wide: the column header "Choix" and the row header name the radio, its label is for screen readers. */
  @container not (max-width: 48em) {
    .choice label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  }

  /*
   * Narrow (a phone, or a side column of the town's page): each row is a card, each cell a line
   * starting with its column name. The header row stays for screen readers, out of sight.
   */
  @container (max-width: 48em) {
    table,
    caption,
    tbody,
    tr,
    th,
    td {
      display: block;
    }

    tbody tr {
      margin: 0 0 0.75em;
      border: 0.0625em solid var(--_portail-border);
      border-radius: var(--_portail-radius);
      overflow: hidden;
    }

    tbody th,
    td {
      display: flow-root;
      padding-inline-start: 8.5em;
      border: 0;
      border-block-start: 0.0625em solid #d5d8dd;
      text-align: start;
      white-space: normal;
      overflow-wrap: anywhere;
    }

    tbody tr > :first-child {
      border: 0;
    }

    tbody th::before,
    td::before {
      content: attr(data-label);
      content: attr(data-label) / '';
      float: left;
      width: 7.5em;
      margin-inline-start: -8em;
      color: var(--_portail-muted);
      font-weight: normal;
    }

    tbody th {
      font-weight: bold;
    }

    td.amount {
      background: color-mix(in srgb, var(--_portail-primary) 8%, var(--_portail-surface));
      font-size: 1.125em;
      font-weight: bold;
      /* The same 8.5em as the other lines, in this line's larger font. */
      padding-inline-start: 7.556em;
      text-align: start;
    }

    td.amount::before {
      font-size: 0.889em;
      line-height: 1.6875;
    }

    td.choice {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 0.5em;
      align-items: center;
      padding-inline-start: 0.5em;
    }

    .choice small {
      flex-basis: 100%;
    }

    /* Last, to win over the cell padding. */
    thead,
    td.empty {
      position: absolute;
      width: 1px;
      height: 1px;
      padding: 0;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
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
