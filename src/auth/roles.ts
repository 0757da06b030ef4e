// The four roles and their Swedish names.
export const ROLES = ['analys', 'dialog', 'stod', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  analys: 'Analys (syntesteamet)',
  dialog: 'Dialogutförare',
  stod: 'Stödenheter',
  admin: 'Administratör',
};
