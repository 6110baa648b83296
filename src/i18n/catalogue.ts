// The shape of a message catalogue: one area of the texts, nb and en side by side.
export type Catalogue = Record<string, string>;

export interface Area {
  nb: Catalogue;
  en: Catalogue;
}
