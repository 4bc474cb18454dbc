import { css } from 'lit';

export const panierStyles = css`
  .amounts {
    display: grid;
    gap: 0.25em;
    max-width: 28em;
    margin: 0 0 1em;
  }

  .amounts div {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 1em;
  }

  .amounts dd {
    margin: 0;
    white-space: nowrap;
  }

  .amounts .total {
    padding-block-start: 0.25em;
    border-block-start: 0.0625em solid var(--_portail-border);
    font-size: 1.125em;
    font-weight: bold;
  }

  .expiry {
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid var(--_portail-primary);
    background: var(--portail-color-info-background, #eef3fa);
  }

  .dropped {
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid var(--_portail-error);
    background: #fdf3f2;
  }

  .dropped ul,
  ul.summary {
    margin: 0 0 0.75em;
    padding-inline-start: 1.25em;
  }

  .notice {
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid var(--_portail-success);
    background: #f4f8f5;
  }
`;
