/**
 * README.md and docs/*.md are what a reader of the repository has: every relative link in them
 * must reach a file or folder of the repository that exists (not one outside it, nor one that is
 * only built or installed locally), and none may point at the contract files beside the checkout
 * (`../shared/…`), which a reader does not have.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Folders and files that exist in a checkout but are not part of the repository (.gitignore). */
const NOT_IN_REPOSITORY = ['node_modules', 'dist', 'build', '.data', '.env', 'test/e2e/artifacts'];

export interface LinkProblem {
  file: string;
  line: number;
  target: string;
  why: string;
}

/** The markdown without fenced code blocks and inline code (a link there is not a link). */
function withoutCode(markdown: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank).replace(/`[^`\n]*`/g, blank);
}

/** Every link and image target with its line: `[text](target "title")`, `[text](<target>)`, `[ref]: target`. */
export function linkTargets(markdown: string): { target: string; line: number }[] {
  const text = withoutCode(markdown);
  const out: { target: string; line: number }[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const m of text.matchAll(/\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+["'(][^)]*)?\)/g)) {
    out.push({ target: m[1].replace(/^<|>$/g, ''), line: lineOf(m.index) });
  }
  for (const m of text.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/gm)) {
    out.push({ target: m[1].replace(/^<|>$/g, ''), line: lineOf(m.index) });
  }
  return out;
}

/** What is wrong with the links of one markdown file at `file` (absolute) in the repository at `root`. */
export function linkProblems(root: string, file: string, markdown: string): LinkProblem[] {
  const rel = path.relative(root, file);
  const problems: LinkProblem[] = [];
  markdown.split('\n').forEach((text, i) => {
    if (text.includes('../shared')) problems.push({ file: rel, line: i + 1, target: '../shared', why: 'names ../shared, outside the repository' });
  });
  for (const { target, line } of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue; // a URL, or a heading here
    const bare = decodeURIComponent(target.replace(/[?#].*$/, ''));
    if (bare === '') continue;
    const resolved = bare.startsWith('/') ? path.join(root, bare) : path.resolve(path.dirname(file), bare);
    const inRepo = path.relative(root, resolved);
    const why =
      inRepo === '..' || inRepo.startsWith(`..${path.sep}`) || path.isAbsolute(inRepo)
        ? 'points outside the repository'
        : NOT_IN_REPOSITORY.some((p) => inRepo === p || inRepo.startsWith(`${p}${path.sep}`))
          ? 'points at something that is not part of the repository'
          : !fs.existsSync(resolved)
            ? 'points at a file that does not exist'
            : undefined;
    if (why) problems.push({ file: rel, line, target, why });
  }
  return problems;
}

function documents(): string[] {
  const docs = path.join(ROOT, 'docs');
  return [path.join(ROOT, 'README.md'), ...fs.readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => path.join(docs, f))];
}

describe('documentation links', () => {
  it('every relative link in README.md and docs/*.md reaches a file of the repository, and none names ../shared', () => {
    const files = documents();
    assert.ok(files.some((f) => f.endsWith(`docs${path.sep}domain.md`)) && files.some((f) => f.endsWith(`docs${path.sep}commands.md`)));
    const problems = files.flatMap((f) => linkProblems(ROOT, f, fs.readFileSync(f, 'utf8')));
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line}: ${p.target} ${p.why}`),
      [],
    );
  });

  it('README.md links the domain, commands and architecture pages', () => {
    const targets = linkTargets(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).map((l) => l.target.replace(/#.*$/, ''));
    for (const page of ['docs/domain.md', 'docs/commands.md', 'docs/architecture.md']) assert.ok(targets.includes(page), `README.md links ${page}`);
  });

  it('the check finds a missing file, a path outside the repository, a ../shared path and a local-only folder', () => {
    const file = path.join(ROOT, 'docs', 'example.md');
    const markdown = [
      'Fine: [setup](setup.md), [code](../src/domain/progress.ts), [a heading](#words), [web](https://example.no/x.md),',
      '[image](images/dashboard.png), [with a title](report.md "The report"), [anchor](domain.md#language).',
      'Missing: [gone](no-such-page.md).',
      'Outside: [up](../../outside.md) and [contract](../shared/DOMAIN.md).',
      'Local only: [build](../dist/src/cli.js).',
      '[ref]: ./missing-too.md',
      '```',
      '[in code](not-checked.md)',
      '```',
      'And `[inline](not-checked-either.md)`.',
    ].join('\n');
    const found = linkProblems(ROOT, file, markdown).map((p) => `${p.line} ${p.target}: ${p.why}`);
    assert.deepEqual(found, [
      '4 ../shared: names ../shared, outside the repository',
      '3 no-such-page.md: points at a file that does not exist',
      '4 ../../outside.md: points outside the repository',
      '4 ../shared/DOMAIN.md: points at a file that does not exist',
      '5 ../dist/src/cli.js: points at something that is not part of the repository',
      '6 ./missing-too.md: points at a file that does not exist',
    ]);
    // From README.md, at the root, ../shared is outside the repository as well.
    const fromRoot = linkProblems(ROOT, path.join(ROOT, 'README.md'), 'See [the contract](../shared/DOMAIN.md).').map((p) => p.why);
    assert.deepEqual(fromRoot, ['names ../shared, outside the repository', 'points outside the repository']);
  });
});
