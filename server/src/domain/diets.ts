/** The canteen diets a child file can hold, and their French names (family file, headcounts, PDFs). */
export const DIETS = ['standard', 'sans_viande', 'sans_gluten', 'panier_repas'] as const;
export type Diet = (typeof DIETS)[number];

export const DIET_LABELS: Record<Diet, string> = {
  standard: 'Standard',
  sans_viande: 'Sans viande',
  sans_gluten: 'Sans gluten',
  panier_repas: 'Panier repas (PAI)',
};

export const dietLabel = (diet: string): string => DIET_LABELS[diet as Diet] ?? diet;
