import { css } from 'lit';

/** A family's detail as label/value pairs, the activation code set large, and the result pages. */
export const portailAdminFamiliesStyles = css`
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25em 1em;
    margin: 0 0 1em;
  }
  dt {
    font-weight: bold;
  }
  dd {
    margin: 0;
  }
  .code {
    font-family: ui-monospace, 'Courier New', monospace;
    font-size: 1.25em;
    letter-spacing: 0.05em;
  }
  .pager {
    display: flex;
    gap: 0.5em;
    align-items: center;
  }
`;
