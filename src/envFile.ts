// The .env file: read at start by the bot (src/index.ts), the CLI (src/cli.ts) and `npm run dev`,
// with Node's own parser (process.loadEnvFile). It is the .env in the project folder (the folder
// that holds package.json), wherever the command is started from, so `npm start` and
// `npx gevinstbot …` in any subfolder read the same file. ENV_FILE names another file, or `none`
// for no file. Variables already in the environment win over the file. A missing project .env is
// fine; a file that is there but malformed stops the start with the line that is wrong (Node's
// parser skips such lines silently, and a typo would quietly run with a default instead).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

export class EnvFileError extends Error {}

/** The file to read, or undefined for none. `explicit`: named by ENV_FILE (then it must exist). */
export function envFileLocation(env: NodeJS.ProcessEnv = process.env, root = PROJECT_ROOT): { file: string; explicit: boolean } | undefined {
  const named = env.ENV_FILE?.trim();
  if (named === 'none') return undefined;
  if (named) return { file: path.resolve(named), explicit: true };
  return { file: path.join(root, '.env'), explicit: false };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** What is wrong in an env file's text, one line each (empty when it is well-formed). */
export function envFileProblems(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/s.exec(line);
    if (!m) {
      problems.push(`line ${i + 1}: ${JSON.stringify(shorten(line))} is not NAME=value (a comment starts with #)`);
      continue;
    }
    const [, name, value] = m;
    if (!NAME.test(name)) {
      problems.push(`line ${i + 1}: ${JSON.stringify(shorten(name))} is not a variable name (letters, digits and _)`);
      continue;
    }
    const quote = value[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may span lines; it ends at the next line that holds the same quote.
      let rest = value.slice(1);
      let end = i;
      while (!rest.includes(quote) && end + 1 < lines.length) rest = lines[++end];
      if (!rest.includes(quote)) {
        problems.push(`line ${i + 1}: the quoted value of ${name} is not closed (add the closing ${quote})`);
        break;
      }
      i = end;
    }
  }
  return problems;
}

/**
 * Loads the env file into process.env (variables already set win). Returns the file read, or
 * undefined when there was none to read. Throws EnvFileError with a message for the operator.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, root = PROJECT_ROOT): string | undefined {
  const where = envFileLocation(env, root);
  if (!where) return undefined;
  if (!existsSync(where.file)) {
    if (where.explicit) throw new EnvFileError(`ENV_FILE names ${where.file}, which does not exist (ENV_FILE=none reads no file).`);
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(where.file, 'utf8');
  } catch (e) {
    throw new EnvFileError(`${where.file} cannot be read: ${(e as Error).message}`);
  }
  const problems = envFileProblems(text);
  if (problems.length > 0) {
    throw new EnvFileError(`${where.file} is not a valid env file:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix those lines (see .env.example), or start without it: ENV_FILE=none.`);
  }
  if (env === process.env) process.loadEnvFile(where.file);
  else for (const [k, v] of Object.entries(parseWithNode(where.file))) env[k] ??= v;
  return where.file;
}

/** Node's own parser, for an environment other than process.env (tests). */
function parseWithNode(file: string): Record<string, string> {
  return require('node:util').parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
}

const shorten = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
