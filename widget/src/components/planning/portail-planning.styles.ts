import { css } from 'lit';

export const planningStyles = css`
  :host {
    --_portail-pending: var(--portail-color-pending, #fff1c2);
  }

  ul {
    margin: 0 0 1em;
    padding: 0;
    list-style: none;
  }

  .child-school {
    color: var(--_portail-muted);
  }

  .links {
    margin: 0 0 1em;
  }

  .child-list {
    display: grid;
    gap: 0.5em;
  }

  .child-list button {
    display: grid;
    justify-items: start;
    width: 100%;
    text-align: start;
  }

  .child-list button[aria-current='true'] {
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
  }

  .child-list button[aria-current='true'] .child-school {
    color: inherit;
  }

  .child-list .child-school {
    font-weight: normal;
  }

  .toolbar,
  .navigation,
  .view-switch {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }

  .toolbar {
    justify-content: space-between;
    margin: 0 0 1em;
  }

  .view-switch button[aria-pressed='true'] {
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
  }

  /* Decorative arrows, kept out of the buttons' accessible names. */
  .previous::before {
    content: '‹' / '';
    margin-inline-end: 0.375em;
  }

  .next::after {
    content: '›' / '';
    margin-inline-start: 0.375em;
  }

  /* The table keeps its shape and scrolls inside this box, never the page (320 px screens). */
  .scroller {
    /* Holds the visually hidden texts of the cells, which would otherwise widen the page. */
    position: relative;
    container-type: inline-size;
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
    margin: 0 0 1em;
    background: var(--_portail-surface);
  }

  /* The caption wraps to the visible width and stays in view while the table scrolls. */
  caption {
    position: sticky;
    inset-inline-start: 0;
    max-width: 100cqi;
    padding: 0 0 0.5em;
    font-weight: bold;
    text-align: start;
  }

  th,
  td {
    padding: 0.375em 0.5em;
    border: 0.0625em solid var(--_portail-border);
    text-align: center;
    vertical-align: middle;
  }

  thead th {
    white-space: nowrap;
  }

  th[aria-current='date'] {
    border-block-start: 0.25em solid var(--_portail-primary);
  }

  th[scope='row'] {
    position: sticky;
    inset-inline-start: 0;
    z-index: 1;
    min-width: 7em;
    max-width: 12em;
    background: var(--_portail-surface);
    text-align: start;
  }

  .corner {
    position: sticky;
    inset-inline-start: 0;
    z-index: 1;
    border: 0;
    background: var(--_portail-surface);
  }

  tr.group span {
    position: sticky;
    inset-inline-start: 0.5em;
  }

  tr.group th {
    background: #eef1f5;
    text-align: start;
    text-transform: uppercase;
    font-size: 0.875em;
    letter-spacing: 0.03em;
  }

  .day-closed {
    display: block;
    font-size: 0.8125em;
    font-weight: normal;
  }

  td.closed {
    color: var(--_portail-muted);
    font-size: 1.25em;
  }

  td.pending {
    background: var(--_portail-pending);
    outline: 0.125em dashed var(--_portail-text);
    outline-offset: -0.25em;
  }

  .cell-content {
    display: inline-flex;
    align-items: center;
    gap: 0.125em;
  }

  input[type='checkbox'] {
    width: 1.375em;
    min-height: 0;
    height: 1.375em;
    margin: 0.25em;
    padding: 0;
    accent-color: var(--_portail-primary);
    cursor: pointer;
  }

  input[type='checkbox']:disabled {
    cursor: not-allowed;
  }

  .icon {
    width: 1em;
    height: 1em;
    vertical-align: -0.125em;
  }

  /* Until when a box can change, or why it cannot: shown when the box has the focus. */
  .cell-note {
    display: none;
    max-width: 11em;
    margin: 0.25em auto 0;
    font-size: 0.75em;
    line-height: 1.3;
    white-space: normal;
  }

  td:focus-within .cell-note {
    display: block;
  }

  input[type='checkbox'][aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }

  th[scope='row'] .rule {
    display: block;
    font-size: 0.75em;
    font-weight: normal;
    color: var(--_portail-muted);
  }

  /* The phone: one block per day, one row per service with a large target. */
  .day-list {
    margin: 0 0 1em;
  }

  .day {
    margin: 0 0 1em;
    border: 0.0625em solid var(--_portail-border);
    border-radius: var(--_portail-radius);
    background: var(--_portail-surface);
  }

  .day h3 {
    margin: 0;
    padding: 0.5em 0.75em;
    background: #eef1f5;
    font-size: 1em;
  }

  .day h3::first-letter {
    text-transform: uppercase;
  }

  .day h3[aria-current='date'] {
    border-inline-start: 0.3125em solid var(--_portail-primary);
  }

  .day .today {
    font-weight: normal;
    text-transform: none;
  }

  .day .day-closed {
    margin: 0;
    padding: 0.5em 0.75em;
    color: var(--_portail-muted);
  }

  .services {
    margin: 0;
  }

  .service-row {
    padding: 0.375em 0.75em 0.5em;
    border-block-start: 0.0625em solid #d5d9e0;
  }

  .service-row.pending {
    background: var(--_portail-pending);
    outline: 0.125em dashed var(--_portail-text);
    outline-offset: -0.25em;
  }

  .service-toggle {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.5em;
    min-height: 2.75em;
    cursor: pointer;
  }

  .service-toggle input[type='checkbox'] {
    width: 1.75em;
    height: 1.75em;
    margin: 0;
    flex: none;
  }

  .service-name {
    font-weight: bold;
  }

  .service-toggle .state {
    flex-basis: 100%;
    padding-inline-start: 2.25em;
    font-size: 0.875em;
  }

  .service-row .note {
    margin: 0;
    padding-inline-start: 2.25em;
    color: var(--_portail-muted);
    font-size: 0.875em;
  }

  .service-row.locked .service-toggle {
    cursor: not-allowed;
  }

  .row-actions {
    padding-inline-start: 2.25em;
  }

  .row-actions button.absence {
    min-height: 2.75em;
    font-size: 0.875em;
  }

  .week-choice {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375em;
    margin: 0 0 1em;
  }

  .week-choice button {
    position: relative;
    min-width: 2.75em;
    min-height: 2.75em;
    padding: 0.25em 0.5em;
  }

  .week-choice button[aria-pressed='true'] {
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
  }

  .mark {
    min-width: 1em;
    font-size: 0.875em;
    white-space: nowrap;
  }

  button.absence {
    min-height: 2em;
    margin-block-start: 0.25em;
    padding: 0.125em 0.375em;
    border-width: 0.0625em;
    font-size: 0.8125em;
  }

  .month-selection {
    display: grid;
    gap: 0.5em;
  }

  .month-selection li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
  }

  .month-selection .service {
    flex: 1 1 10em;
    font-weight: bold;
  }

  .pending-bar {
    margin: 0 0 1em;
  }

  .pending-bar .status:not(:empty) {
    font-weight: bold;
  }

  .recap,
  .history {
    margin: 0 0 1em;
    padding: 0.75em 1em;
    border-inline-start: 0.25em solid var(--_portail-success);
    background: #f4f8f5;
  }

  .history {
    border-color: var(--_portail-primary);
    background: var(--portail-color-info-background, #eef3fa);
  }

  .refused {
    color: var(--_portail-error);
  }

  h4 {
    margin: 0.75em 0 0.25em;
    font-size: 1em;
  }

  .recap ul,
  .history ul,
  .closures ul {
    padding-inline-start: 1.25em;
    list-style: disc;
  }

  .legend ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1.25em;
  }

  .legend .symbol {
    display: inline-block;
    min-width: 1.5em;
    text-align: center;
  }

  dialog {
    box-sizing: border-box;
    width: min(30em, calc(100% - 1em));
    max-width: calc(100% - 1em);
    max-height: calc(100% - 1em);
    overflow-y: auto;
    padding: 1em 1.25em;
    border: 0.125em solid var(--_portail-border);
    border-radius: var(--_portail-radius);
    background: var(--_portail-surface);
    color: var(--_portail-text);
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }

  @media (forced-colors: active) {
    td.pending {
      outline-color: Highlight;
    }
  }
`;
