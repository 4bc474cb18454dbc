import { css } from 'lit';

/** Payments to refund stand out in the journal; a payment's messages open as a shaded row. */
export const portailAdminPaymentsStyles = css`
  .flag {
    display: inline-block;
    margin-top: 0.25em;
    padding: 0 0.5em;
    border-inline-start: 0.25em solid var(--_portail-error);
    background: #fdf0ef;
    color: var(--_portail-error);
    font-weight: bold;
  }
  tr.events > td {
    background: #f4f5f7;
  }
  .rejected {
    margin-top: 1.5em;
  }
`;
