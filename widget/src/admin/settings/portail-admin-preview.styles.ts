import { css } from 'lit';

/**
 * A framed miniature of the portal's banner, message and button. Its colours are private
 * properties set by the element from the values being edited, never the page's.
 */
export const portailAdminPreviewStyles = css`
  :host {
    --_preview-primary: #1d4f91;
    --_preview-primary-text: #ffffff;
  }
  .frame {
    padding: 1em;
    border: 0.125em dashed #6b7280;
    border-radius: 0.5em;
    background: #ffffff;
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75em;
    padding: 0.75em 1em;
    border-radius: 0.25em;
    background: var(--_preview-primary);
    color: var(--_preview-primary-text);
  }
  .banner img {
    display: block;
    max-width: min(100%, 800px);
    max-height: 130px;
    width: auto;
    height: auto;
    background: #ffffff;
  }
  .banner strong {
    font-size: 1.25em;
  }
  .info {
    margin: 0.75em 0;
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid var(--_preview-primary);
    background: #f4f5f7;
  }
  .info p {
    margin: 0;
  }
  .sample {
    display: inline-block;
    padding: 0.5em 1em;
    border-radius: 0.25em;
    background: var(--_preview-primary);
    color: var(--_preview-primary-text);
    font-weight: bold;
  }
  .note {
    margin: 0.5em 0 0;
    font-size: 0.875em;
  }
  .link {
    color: var(--_preview-primary);
    text-decoration: underline;
  }
`;
