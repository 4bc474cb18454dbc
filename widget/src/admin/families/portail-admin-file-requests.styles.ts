import { css } from 'lit';

/** The review of one request, set apart under the list; headings take the focus without a ring. */
export const portailAdminFileRequestsStyles = css`
  .review {
    display: grid;
    gap: 1em;
    margin: 1.5em 0 0;
    padding: 1em 0 0;
    border-top: 0.0625em solid #d0d4da;
  }
  .review h3 {
    margin: 0;
  }
  .review h3:focus {
    outline: none;
  }
  h2:focus {
    outline: none;
  }
`;
