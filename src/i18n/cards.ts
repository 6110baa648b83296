import type { Area } from './catalogue';

export const cards: Area = {
  nb: {
    'card.errorTitle': 'Noe gikk galt',
    'card.unknownAction': 'Dette kortet er utdatert eller ukjent. Skriv **my** for å se dine åpne målinger.',
  },
  en: {
    'card.errorTitle': 'Something went wrong',
    'card.unknownAction': 'This card is out of date or unknown. Type **my** to see your open measurements.',
  },
};
