// What each key of `plan set`, `benefit add` and `benefit set` means, with an example a person can
// copy: shown by `help <command>` for the commands that take keys. Data only; the keys are the
// contract (COMMANDS.md), the explanations are in both languages.
import type { CanonicalKey } from './grammar';

export interface KeyHelp {
  nb: string;
  en: string;
  /** Typed exactly like this after the command (the contract's English key). */
  example: string;
}

export const KEY_HELP: Readonly<Record<CanonicalKey, KeyHelp>> = {
  name: { nb: 'Planens navn.', en: "The plan's name.", example: 'name="Digitalt tilsyn"' },
  digest: { nb: 'Når ukesoppsummeringen legges ut i kanalen.', en: 'When the weekly digest is posted in the channel.', example: 'digest="fri 14:00"' },
  timezone: { nb: 'Tidssonen alle tider gjelder i.', en: 'The time zone all times are in.', example: 'timezone=Europe/Oslo' },
  language: { nb: 'Språket i kanalen og rapportene: nb eller en.', en: 'The language of the channel and the reports: nb or en.', example: 'language=nb' },
  hourlyRate: { nb: 'Kroner per time, for å regne spart tid om til penger.', en: 'Kroner per hour, to turn saved time into money.', example: 'hourlyRate=650' },
  hoursPerFte: { nb: 'Timer i et årsverk.', en: 'Hours in a full-time equivalent (FTE).', example: 'hoursPerFte=1695' },
  tolerance: { nb: 'Prosentpoeng bak forventet før en gevinst er «i faresonen».', en: 'Percentage points behind the expected value before a benefit is “at risk”.', example: 'tolerance=10' },
  leader: { nb: 'Planlederen, som bekrefter gevinster (@-omtal eller e-post).', en: 'The plan leader, who confirms benefits (@mention or e-mail).', example: 'leader=@Ingrid' },
  title: { nb: 'Gevinstens navn, kort og tydelig.', en: "The benefit's name, short and clear.", example: 'title="Færre bomturer"' },
  type: { nb: 'cost (unngåtte kostnader, i kr), time (spart tid, i timer) eller quality (økt kvalitet, fritt valgt enhet).', en: 'cost (avoided cost, in NOK), time (time saved, in hours) or quality (better quality, any unit).', example: 'type=quality' },
  unit: { nb: 'Hva som måles: kr for cost, timer for time, f.eks. besøk eller % for quality.', en: 'What is measured: kr for cost, hours for time, e.g. visits or % for quality.', example: 'unit=besøk' },
  baseline: { nb: 'Nullpunktet: verdien før endringen, eller unknown om den ikke er målt ennå.', en: 'The baseline: the value before the change, or unknown if it is not measured yet.', example: 'baseline=20' },
  target: { nb: 'Målverdien som skal nås.', en: 'The target value to reach.', example: 'target=22' },
  due: { nb: 'Måldatoen: når målet skal være nådd.', en: 'The target date: when the target should be reached.', example: 'due=30.06.2027' },
  owner: { nb: 'Gevinsteieren, som får målingene (@-omtal eller e-post).', en: 'The benefit owner, who is asked for the values (@mention or e-mail).', example: 'owner=@Kari' },
  cadence: { nb: 'Hvor ofte eieren spørres (standard hver mandag kl. 09:00).', en: 'How often the owner is asked (default every Monday at 09:00).', example: 'cadence="mon 09:00"' },
  direction: { nb: 'up hvis høyere er bedre, down hvis lavere er bedre (ellers utledet av nullpunkt og mål).', en: 'up if higher is better, down if lower is better (else inferred from baseline and target).', example: 'direction=down' },
  message: { nb: 'Gevinstbudskapet: én setning som knytter gevinsten til eierens arbeidsdag.', en: "The benefit message: one sentence that ties the benefit to the owner's work day.", example: 'message="Hvis brukeren er hjemme, kan vi gjøre to besøk til hver uke."' },
  realization: { nb: 'Hvordan gevinsten tas ut eller brukes.', en: 'How the gain is taken out or used.', example: 'realization="Frigjort tid brukes til flere besøk"' },
  deputy: { nb: 'Stedfortreder som svarer når eieren er borte; deputy=none fjerner.', en: 'A deputy who answers while the owner is away; deputy=none removes.', example: 'deputy=@Per' },
  start: { nb: 'Datoen gevinstarbeidet starter (standard: nullpunktets dato).', en: "The date the benefit work starts (default: the baseline's date).", example: 'start=01.01.2027' },
};
