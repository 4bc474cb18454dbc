import { css } from 'lit';
import { adminStyles } from './admin.styles.js';

/** The settings page styles, plus what the planning sections need (checkboxes, compact rows). */
export const planningStyles = [
  ...adminStyles,
  css`
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
