import { css } from 'lit';

/** The refusal form opens as a shaded row under its document. */
export const portailAdminDocumentsStyles = css`
  h2:focus {
    outline: none;
  }
  td.actions-cell .actions {
    gap: 0.5em;
  }
  tr.reject-row td {
    background: #f4f5f7;
  }
  .reject-form {
    display: grid;
    gap: 0.75em;
  }
`;
