import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { fileToBase64 } from '../../api/documents.js';
import { uploadPhoto, type FamilyChild } from '../../api/famille.js';
import { describedBy, fieldFrame } from '../../base/form-fields.js';
import { idOf } from './famille-form.js';
import type { FamilleHost } from './famille-group.js';

const PHOTO_MAX = 2 * 1024 * 1024;
export const PHOTO_TYPES = ['image/png', 'image/jpeg'];

export interface PhotoPreview {
  childId: string;
  url: string;
  file: File;
}

/** A child's photo as `<portail-famille>` holds it: the stored one and the one chosen to replace it. */
export interface ChildPhoto {
  /** The stored photo as an object URL, once loaded. */
  url: string | undefined;
  /** The image chosen and not sent yet, shown so that the parent can check it. */
  preview: PhotoPreview | null;
  choose(preview: PhotoPreview | null): void;
  /** The server now holds the chosen image. */
  saved(): void;
}

/** The child's photo and the form sending a new one, checked (type, size) before it is sent. */
export function photoForm(host: FamilleHost, child: FamilyChild, photo: ChildPhoto) {
  const { editing } = host;
  const key = `photo:${child.id}`;
  const id = idOf(key);
  const { preview } = photo;
  const error = editing.errorOf(key, 'photo');
  const field = { id: `${id}-photo`, label: msg('Nouvelle photo'), hint: msg('Image PNG ou JPEG, 2 Mo au maximum.'), error };
  const onChange = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    photo.choose(null);
    editing.clearMessages();
    if (!file) return;
    if (!PHOTO_TYPES.includes(file.type)) {
      editing.showErrors(key, { photo: msg('Choisissez une image PNG ou JPEG.') }, msg('Cette photo ne peut pas être envoyée.'));
    } else if (file.size > PHOTO_MAX) {
      editing.showErrors(key, { photo: msg('Cette photo dépasse 2 Mo : choisissez une image plus légère.') }, msg('Cette photo ne peut pas être envoyée.'));
    } else {
      photo.choose({ childId: child.id, url: URL.createObjectURL(file), file });
    }
  };
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (!preview) {
      if (!error) editing.invalid(key, { photo: msg('Choisissez une photo.') });
      return;
    }
    void editing.write(key, msg('Envoi de la photo…'), async (signal) => {
      await uploadPhoto(host.client, child.id, await fileToBase64(preview.file), signal);
      form.reset();
      photo.saved();
      return msg('Photo enregistrée.');
    });
  };
  return html`<div class="photo">
    <h5 id="${id}-h" tabindex="-1">${msg('Photo')}</h5>
    ${photo.url
      ? html`<img class="thumb" src=${photo.url} alt=${msg(str`Photo de ${child.firstName}`)} />`
      : html`<p>${msg('Aucune photo.')}</p>`}
    ${editing.messages(key, [{ name: 'photo', label: msg('Nouvelle photo') }])}
    <form id="${id}-form" part="form" novalidate @submit=${onSubmit}>
      ${fieldFrame(
        field,
        html`<input
          id=${field.id}
          name="photo"
          type="file"
          accept="image/png,image/jpeg"
          aria-describedby=${describedBy(field)}
          aria-invalid=${error ? 'true' : nothing}
          @change=${onChange}
        />`,
      )}
      ${preview ? html`<img class="thumb" src=${preview.url} alt=${msg('Aperçu de la nouvelle photo')} />` : nothing}
      <div class="actions">
        <button part="button" type="submit">${msg('Envoyer la photo')}</button>
      </div>
    </form>
  </div>`;
}
