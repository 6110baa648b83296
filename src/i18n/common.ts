import type { Area } from './catalogue';

export const common: Area = {
  nb: {
    'error.generic': 'Beklager, noe gikk galt hos meg. Ingenting ble endret; prøv igjen om litt.',
    'error.storage': 'Jeg får ikke kontakt med lagringen akkurat nå, så ingenting ble lagret. Prøv igjen om et øyeblikk.',
    'unknown.text': 'Jeg forstod ikke «{text}». Skriv **help** (eller **hjelp**) for å se hva jeg kan.',
    'welcome.personal':
      'Hei! Jeg er Gevinstbot. Jeg spør deg om gevinstene du er eier av, når det er tid for å måle, og du svarer med ett trykk. Skriv **help** for å se kommandoene.',
    'welcome.channel':
      'Hei! Jeg er Gevinstbot. En administrator kan lage en gevinstrealiseringsplan for denne kanalen med **@Gevinstbot plan new <navn>**. Skriv **@Gevinstbot help** for alle kommandoer.',
  },
  en: {
    'error.generic': 'Sorry, something went wrong on my side. Nothing was changed; please try again in a moment.',
    'error.storage': "I can't reach storage right now, so nothing was saved. Please try again in a moment.",
    'unknown.text': "I didn't understand “{text}”. Type **help** to see what I can do.",
    'welcome.personal':
      "Hi! I'm Gevinstbot. I ask you about the benefits you own when it is time to measure, and you answer in one tap. Type **help** to see the commands.",
    'welcome.channel':
      "Hi! I'm Gevinstbot. An admin can create a benefits realisation plan for this channel with **@Gevinstbot plan new <name>**. Type **@Gevinstbot help** for all commands.",
  },
};
