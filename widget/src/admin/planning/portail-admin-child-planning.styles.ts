import { css } from 'lit';

/** The reminder that staff act on behalf of the family, set apart from the grid. */
export const portailAdminChildPlanningStyles = css`
  .behalf {
    margin: 0 0 1em;
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid var(--_portail-primary);
    background: #eef3fa;
  }
`;
