// Child-process helpers for the reliability tests and soak runs: run the real CLI
// (`gevinstbot run-due --at …`) or the real server (src/index.ts) as separate processes, watch
// their output, SIGKILL them mid-run, and wait for conditions without busy-looping.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Child {
  child: ChildProcess;
  pid: number;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/** The newest modification time of any .ts file under src/ (to tell a stale dist/ build). */
export function newestSourceMtime(dir = path.join(ROOT, 'src')): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * How to start the CLI: bin/gevinstbot.js, as an operator would. The shim only compares
 * dist/src/cli.js with src/cli.ts, so when a build exists but any other source file is newer we
 * run the sources through tsx instead: the test must exercise the code under test.
 */
export function cliCommand(): { command: string; args: string[] } {
  const built = path.join(ROOT, 'dist', 'src', 'cli.js');
  if (existsSync(built) && statSync(built).mtimeMs < newestSourceMtime()) {
    return { command: process.execPath, args: ['--require', 'tsx/cjs', path.join(ROOT, 'src', 'cli.ts')] };
  }
  return { command: process.execPath, args: [path.join(ROOT, 'bin', 'gevinstbot.js')] };
}

/**
 * A clean environment for a child: PATH and HOME from ours, nothing else inherited (a developer's
 * MicrosoftAppId or connection string must never leak into a test run, from the environment or
 * from .env), plus `env`.
 */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // ENV_FILE=none: nor may the developer's .env in the project folder (a test sets ENV_FILE itself).
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', ENV_FILE: 'none', ...env };
}

export function startProcess(command: string, args: string[], env: Record<string, string>, options: { cwd?: string } = {}): Child {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 2_000_000) err = err.slice(-1_000_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return {
    child,
    pid: child.pid,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal = 'SIGTERM') => {
      // By our own child's pid only.
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** `gevinstbot <args>` as a child process. */
export function startCli(args: string[], env: Record<string, string>): Child {
  const { command, args: base } = cliCommand();
  return startProcess(command, [...base, ...args], env);
}

/** Runs `gevinstbot <args>` to completion; rejects with its output when it takes longer than timeoutMs. */
export async function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const c = startCli(args, env);
  const timer = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
  try {
    const { code, signal } = await c.exited;
    if (signal) throw new Error(`gevinstbot ${args.join(' ')} was killed (${signal}) after ${timeoutMs} ms\nstdout: ${c.stdout()}\nstderr: ${c.stderr()}`);
    return { code, stdout: c.stdout(), stderr: c.stderr() };
  } finally {
    clearTimeout(timer);
  }
}

/** The server process (src/index.ts through tsx), for runs that need a real process boundary. */
export function startServerProcess(env: Record<string, string>): Child {
  return startProcess(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'src', 'index.ts')], env);
}

/** Polls `check` every intervalMs until it returns a value other than undefined/false. */
export async function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string, intervalMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resident set and heap of a child process in MB (Linux /proc), or undefined elsewhere. */
export function childMemoryMb(pid: number): { rssMb: number } | undefined {
  try {
    const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string;
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? { rssMb: Number(m[1]) / 1024 } : undefined;
  } catch {
    return undefined;
  }
}
