import { css } from 'lit';

/** The actions of an invoice stay on one line in its last cell. */
export const portailAdminInvoicesStyles = css`
  td.actions-cell {
    white-space: nowrap;
  }
  td.actions-cell .actions {
    gap: 0.25em 0.75em;
  }
`;
