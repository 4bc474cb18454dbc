import { css } from 'lit';

/** The switch between a child's enrollments and planning: two toggle buttons side by side. */
export const portailAdminEnrollmentsStyles = css`
  .view-switch {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin: 0 0 1em;
  }
  .view-switch button[aria-pressed='true'] {
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
  }
`;
