import { PdfLayout } from './layout.js';
import { childIdentityRows, complementarySection, dietSection, guardiansSection, healthSection, pickupSection, schoolRows } from './sections.js';
import type { ChildFileData, ChildFileEdition } from './types.js';

/**
 * Reference 002, "fiche enfant". The simple edition is what a group leader needs at the gate
 * (identity, class, who to call, who may take the child); the complete one adds health, diet and
 * the commune's extra data, for the staff who care for the child during the day.
 */
export async function childFilePdf(data: ChildFileData, edition: ChildFileEdition): Promise<Uint8Array> {
  const { child } = data;
  const layout = await PdfLayout.create({
    title: 'Fiche enfant',
    subtitle: `${child.firstName} ${child.lastName} – ${data.family.name}, n° ${data.family.number} – ${edition === 'complete' ? 'édition complète' : 'édition simple'}`,
    townName: data.townName,
    editedAt: data.editedAt,
  });
  layout.newPage({ withTitle: true });

  layout.section('Identité');
  childIdentityRows(layout, child);
  layout.section('Scolarité');
  schoolRows(layout, child);
  guardiansSection(layout, data.guardians, edition === 'complete' ? 'full' : 'contact');
  pickupSection(layout, child.pickupPersons);

  if (edition === 'complete') {
    healthSection(layout, child.health);
    dietSection(layout, child);
    complementarySection(layout, child.complementary);
    layout.text('Document confidentiel : il contient des données de santé. À conserver sous clé et à détruire en fin d’année.', { size: 8.5, before: 16 });
  }
  return layout.finish();
}
