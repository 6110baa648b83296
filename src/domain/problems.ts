// What is wrong with an input: a message key (of the i18n catalogues) with its parameters, and the
// field it is about, so a chat reply can list it and a form can show it beside its input.
export type ProblemParams = Record<string, string | number | undefined>;

export interface Problem {
  key: string;
  params?: ProblemParams;
  /** The input field the problem is about (a plan or benefit key), when there is one. */
  field?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const fail = <T>(...problems: Problem[]): Outcome<T> => ({ ok: false, problems });
export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
