import { css } from 'lit';

export const loginStyles = css`
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75em;
    margin: 0 0 1em;
  }

  .banner img {
    display: block;
    max-width: 100%;
    max-height: 5em;
    height: auto;
  }

  .town-name {
    margin: 0;
    font-size: 1.25em;
    font-weight: bold;
  }

  .info {
    margin: 0 0 1em;
    padding: 0.75em 1em;
    border-inline-start: 0.25em solid var(--_portail-primary);
    background: var(--portail-color-info-background, #eef3fa);
  }

  .info p {
    margin: 0;
    white-space: pre-line;
  }

  .info .info-date {
    margin: 0 0 0.25em;
    font-size: 0.875em;
    color: var(--_portail-muted);
  }

  .expiry-warning {
    display: grid;
    gap: 0.5em;
    justify-items: start;
    margin: 0 0 1em;
    padding: 0.75em 1em;
    border: 0.125em solid #8a5300;
    background: #fff7e6;
    color: #5c3700;
  }

  .expiry-warning p {
    margin: 0;
    font-weight: bold;
  }
`;
