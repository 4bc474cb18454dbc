import { css } from 'lit';
import { baseStyles } from '../../styles/base.styles.js';
import { formStyles } from '../../styles/form.styles.js';

/** The widget's base and form styles, plus what the staff page needs (sections, tables, check boxes, compact forms). */
export const adminStyles = [
  baseStyles,
  formStyles,
  css`
    section.card {
      margin: 0 0 1.5em;
      padding: 1em 1.25em;
      border: 0.0625em solid #d0d4da;
      border-radius: 0.5em;
      background: #ffffff;
    }

    fieldset {
      display: grid;
      gap: 1em;
      margin: 0;
      padding: 0.75em 1em 1em;
      border: 0.0625em solid #d0d4da;
      border-radius: var(--_portail-radius);
      min-width: 0;
    }

    legend {
      padding: 0 0.25em;
      font-weight: bold;
    }

    button:disabled,
    fieldset:disabled button {
      cursor: not-allowed;
      opacity: 0.75;
    }

    button.danger {
      border-color: var(--_portail-error);
      color: var(--_portail-error);
    }

    .grid-2 {
      display: grid;
      gap: 1em;
      grid-template-columns: repeat(auto-fit, minmax(14em, 1fr));
    }

    table {
      width: 100%;
      border-collapse: collapse;
    }

    caption {
      text-align: start;
      font-weight: bold;
      padding: 0 0 0.5em;
    }

    th,
    td {
      padding: 0.5em;
      border-bottom: 0.0625em solid #d0d4da;
      text-align: start;
      vertical-align: top;
    }

    .table-wrap {
      overflow-x: auto;
    }

    code,
    pre {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.875em;
      overflow-wrap: anywhere;
    }

    pre {
      margin: 0 0 0.75em;
      padding: 0.75em;
      border-radius: var(--_portail-radius);
      background: #f4f5f7;
      white-space: pre-wrap;
    }

    ul.plain {
      margin: 0 0 1em;
      padding: 0;
      list-style: none;
    }

    ul.plain li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5em;
      padding: 0.5em 0;
      border-bottom: 0.0625em solid #d0d4da;
    }

    .badge {
      display: inline-block;
      padding: 0 0.5em;
      border-radius: 1em;
      font-size: 0.875em;
      background: #eef7f0;
      color: var(--_portail-success);
    }

    .badge.off {
      background: #f4f5f7;
      color: var(--_portail-muted);
    }

    input[type='checkbox'],
    input[type='radio'] {
      width: 1.25em;
      min-height: 1.25em;
      height: 1.25em;
      margin: 0;
      accent-color: var(--_portail-primary);
    }

    .check {
      display: flex;
      align-items: center;
      gap: 0.5em;
      font-weight: normal;
    }

    .checks {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em 1.25em;
    }

    td.number,
    th.number {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }

    tfoot th,
    tfoot td {
      font-weight: bold;
    }

    .description {
      margin: 0;
      padding: 0.5em 0.75em;
      border-inline-start: 0.25em solid var(--_portail-primary);
      background: #f4f5f7;
    }

    .inline-form {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.5em 1em;
      margin: 0;
    }

    .inline-form .field {
      flex: 1 1 10em;
    }

    a.button {
      display: inline-flex;
      align-items: center;
      min-height: 2.75em;
      padding: 0.5em 1em;
      border: 0.125em solid var(--_portail-primary);
      border-radius: var(--_portail-radius);
      font-weight: bold;
    }
  `,
];
