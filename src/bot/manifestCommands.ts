/**
 * The command menus Teams shows in the compose box, one per scope. scripts/package-app.ts
 * writes them into the app manifest's bot commandLists.
 *
 * A title is inserted verbatim into the compose box when picked, so every title is the
 * literal keyword of COMMANDS.md (the parser's contract), and the user types the rest.
 * Teams shows at most 10 commands per scope; titles must stay ≤ 32 and descriptions ≤ 128
 * characters (test/unit/manifest.test.ts enforces this).
 */

export interface ManifestCommand {
  readonly title: string;
  readonly description: string;
}

export interface ManifestCommands {
  readonly personal: readonly ManifestCommand[];
  readonly team: readonly ManifestCommand[];
}

export const MAX_COMMANDS_PER_SCOPE = 10;
export const MAX_COMMAND_TITLE = 32;
export const MAX_COMMAND_DESCRIPTION = 128;

export const MANIFEST_COMMANDS: ManifestCommands = {
  // The personal chat is where owners (gevinsteiere) answer and look up their own benefits, and
  // where admins send a benefit register to import (files reach a bot only there).
  personal: [
    { title: 'help', description: 'Show the commands (hjelp). Try: help measure' },
    { title: 'my', description: 'My benefits (mine gevinster), open prompts and latest values' },
    { title: 'measure', description: 'Record a value (måling): measure <plan>/<n> <value> [comment]' },
    { title: 'away until', description: 'Away until a date; prompts go to the deputy: away until 30.06.2027' },
    { title: 'back', description: 'I am back: prompts come to me again' },
    { title: 'language', description: 'The language of this chat (språk): language nb or language en' },
    { title: 'plan show', description: 'A plan and its benefits: plan show <plan>' },
    { title: 'benefit show', description: 'A benefit (gevinst), its values and status: benefit show <plan>/<n>' },
    { title: 'report', description: 'Dashboard, confirmation PDF and Excel report (rapport) of a plan: report <plan>' },
    { title: 'import', description: 'Import a benefit register (importer) from an Excel file: import <plan>, then attach the .xlsx' },
  ],
  // In a channel, admins set up plans and benefits; the channel gets digests and notices.
  team: [
    { title: 'help', description: 'Show the commands (hjelp). Try: help benefit add' },
    { title: 'plan new', description: 'Create a benefit plan (gevinstplan) for this channel: plan new <name>' },
    { title: 'plan show', description: 'A plan, its settings and benefits: plan show <plan>' },
    { title: 'plan set', description: 'Change a plan: plan set <plan> digest="fri 14:00" leader=@person' },
    {
      title: 'benefit add',
      description: 'Add a benefit (gevinst): benefit add <plan> opens a form; or type benefit add <plan> "<title>" type= … owner=@person',
    },
    { title: 'benefit list', description: 'All benefits of a plan with owner, latest value and status' },
    { title: 'benefit show', description: 'A benefit, its latest values and history: benefit show <plan>/<n>' },
    { title: 'digest', description: 'Post the plan summary (oppsummering) here now: digest <plan>' },
    { title: 'report', description: 'Dashboard, confirmation PDF and Excel report (rapport) of a plan: report <plan>' },
    { title: 'confirm', description: 'Confirm a realised benefit (gevinstrealisering): confirm <plan>/<n> [comment]' },
  ],
};
