import { css } from 'lit';

/** The totals of a run stand out; the lines of an invoice open as a shaded row under it. */
export const portailAdminInvoicingStyles = css`
  .summary {
    margin: 0 0 0.75em;
    font-size: 1.125em;
  }
  tr.lines > td {
    background: #f4f5f7;
  }
`;
