// The gevinstbot command line is checked before anything heavy loads: every mistake gets a
// message that says what to type instead.
import assert from 'node:assert/strict';
import { parseCommandLine } from '../../src/operator/args';

const error = (argv: string[]) => {
  const r = parseCommandLine(argv);
  assert.ok('error' in r, `${argv.join(' ')} should be refused`);
  return r.error;
};

describe('gevinstbot command line', () => {
  it('help: on stdout with exit 0 when asked for, on stderr with exit 2 when no command is given', () => {
    assert.deepEqual(parseCommandLine(['help']), { help: true, exitCode: 0, toStderr: false });
    assert.deepEqual(parseCommandLine(['--help']), { help: true, exitCode: 0, toStderr: false });
    assert.deepEqual(parseCommandLine([]), { help: true, exitCode: 2, toStderr: true });
  });

  it('run-due --at takes an ISO-8601 instant, as a separate word or with =', () => {
    for (const argv of [['run-due', '--at', '2026-11-30T08:00:00Z'], ['run-due', '--at=2026-11-30T08:00:00Z']]) {
      const r = parseCommandLine(argv);
      assert.ok('command' in r && r.command.name === 'run-due');
      assert.equal((r.command as { at?: Date }).at?.toISOString(), '2026-11-30T08:00:00.000Z');
    }
    assert.match(error(['run-due', '--at', 'monday']), /--at must be an ISO-8601 instant such as 2026-11-30T08:00:00Z, got "monday"/);
    assert.match(error(['run-due', '--at', '2026-11-30']), /ISO-8601 instant/);
    assert.match(error(['run-due', '--at']), /--at needs a value/);
  });

  it('run-due --next is a switch, not with --at; due --limit takes 1 to 500 (default 10)', () => {
    assert.deepEqual(parseCommandLine(['run-due', '--next']), { command: { name: 'run-due', at: undefined, next: true } });
    assert.deepEqual(parseCommandLine(['run-due']), { command: { name: 'run-due', at: undefined, next: false } });
    assert.match(error(['run-due', '--next', '--at', '2026-11-30T08:00:00Z']), /give either --at <instant> or --next, not both/);
    assert.match(error(['run-due', '--next=yes']), /--next takes no value/);
    assert.deepEqual(parseCommandLine(['due']), { command: { name: 'due', limit: 10 } });
    assert.deepEqual(parseCommandLine(['due', '--limit', '25']), { command: { name: 'due', limit: 25 } });
    for (const bad of ['0', '-1', '2.5', '501', 'all']) assert.match(error(['due', '--limit', bad]), /--limit must be a whole number from 1 to 500, e\.g\. --limit 20/);
  });

  it('refuses unknown commands, unknown options, stray words and repeated options', () => {
    assert.match(error(['rundue']), /Unknown command "rundue"/);
    assert.match(error(['run-due', '--now']), /run-due: unknown option --now/);
    assert.match(error(['run-due', 'now']), /run-due: unexpected "now"/);
    assert.match(error(['run-due', '--at', '2026-11-30T08:00:00Z', '--at', '2026-11-30T09:00:00Z']), /--at is given twice/);
    assert.match(error(['demo', '--limit', '3']), /demo: unknown option --limit/);
  });
});
