// A reader for TLC model files (.cfg), restricted to the subset that both
// TLC and the embedded engine accept (DESIGN.md, "The common subset").
// Anything outside the subset is an error naming file and line, because the
// embedded engine would ignore it silently and give a wrong answer.

import { showTla } from './tla-value.ts';

export type CfgValue =
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'model'; name: string }
  | { kind: 'set'; elements: CfgValue[] };

export interface ModelConfig {
  file: string;
  constants: Map<string, CfgValue>;
  init?: string;
  next?: string;
  specification?: string;
  invariants: string[];
  constraints: string[];
  checkDeadlock: boolean;
}

export class CfgError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

const KEYWORDS = [
  'CONSTANT', 'CONSTANTS', 'INIT', 'NEXT', 'SPECIFICATION', 'INVARIANT', 'INVARIANTS',
  'CONSTRAINT', 'CONSTRAINTS', 'CHECK_DEADLOCK',
] as const;

// Keywords TLC knows that the embedded engine ignores or rejects.
const OUTSIDE_SUBSET: Record<string, string> = {
  PROPERTY: 'PROPERTY is TLC-only (the embedded engine does not check temporal properties)',
  PROPERTIES: 'PROPERTIES is TLC-only (the embedded engine does not check temporal properties)',
  VIEW: 'VIEW is not supported by the embedded engine',
  ALIAS: 'ALIAS is not supported by the embedded engine',
  ACTION_CONSTRAINT: 'ACTION_CONSTRAINT is silently ignored by the embedded engine',
  ACTION_CONSTRAINTS: 'ACTION_CONSTRAINTS is silently ignored by the embedded engine',
  SYMMETRY: 'SYMMETRY reduces differently in the two engines; keep it out of pinned models',
  POSTCONDITION: 'POSTCONDITION is not supported by the embedded engine',
};

interface Token {
  text: string;
  line: number;
}

function tokenize(file: string, source: string): Token[] {
  const tokens: Token[] = [];
  const lines = source.split('\n');
  let inBlockComment = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    let text = raw;
    if (inBlockComment) {
      const end = text.indexOf('*)');
      if (end < 0) return;
      text = text.slice(end + 2);
      inBlockComment = false;
    }
    const re = /\(\*|\\\*|"(?:[^"\\]|\\.)*"|<-|[{},=]|-?\d+|[A-Za-z_][A-Za-z0-9_]*|\S/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const t = m[0];
      if (t === '\\*') break;
      if (t === '(*') {
        const end = text.indexOf('*)', m.index + 2);
        if (end < 0) {
          inBlockComment = true;
          break;
        }
        re.lastIndex = end + 2;
        continue;
      }
      if (t === '<-') throw new CfgError(file, line, "'<-' (substitution) is not supported by the embedded engine");
      if (!/^("|-?\d|[A-Za-z_{},=])/.test(t)) throw new CfgError(file, line, `unexpected '${t}'`);
      tokens.push({ text: t, line });
    }
  });
  return tokens;
}

export function parseCfg(file: string, source: string): ModelConfig {
  const tokens = tokenize(file, source);
  const config: ModelConfig = { file, constants: new Map(), invariants: [], constraints: [], checkDeadlock: true };
  let i = 0;
  const peek = () => tokens[i];
  const lastLine = () => tokens[tokens.length - 1]?.line ?? 1;
  const take = (what: string): Token => {
    const t = tokens[i++];
    if (!t) throw new CfgError(file, lastLine(), `expected ${what}, found end of file`);
    return t;
  };
  const isKeyword = (t: Token | undefined) =>
    t !== undefined && ((KEYWORDS as readonly string[]).includes(t.text) || t.text in OUTSIDE_SUBSET);
  const identifier = (what: string): string => {
    const t = take(what);
    if (!/^[A-Za-z_]\w*$/.test(t.text) || isKeyword(t)) throw new CfgError(file, t.line, `expected ${what}, found '${t.text}'`);
    return t.text;
  };
  const value = (): CfgValue => {
    const t = take('a value');
    if (t.text === '{') {
      const elements: CfgValue[] = [];
      if (peek()?.text === '}') {
        i++;
        return { kind: 'set', elements };
      }
      for (;;) {
        elements.push(value());
        const sep = take("',' or '}'");
        if (sep.text === '}') return { kind: 'set', elements };
        if (sep.text !== ',') throw new CfgError(file, sep.line, `expected ',' or '}', found '${sep.text}'`);
      }
    }
    if (/^-?\d+$/.test(t.text)) return { kind: 'int', value: Number(t.text) };
    if (t.text.startsWith('"')) return { kind: 'string', value: JSON.parse(t.text) as string };
    if (t.text === 'TRUE' || t.text === 'FALSE') return { kind: 'bool', value: t.text === 'TRUE' };
    if (/^[A-Za-z_]\w*$/.test(t.text) && !isKeyword(t)) return { kind: 'model', name: t.text };
    throw new CfgError(file, t.line, `expected a value (integer, string, model value or set), found '${t.text}'`);
  };

  while (i < tokens.length) {
    const kw = take('a keyword');
    if (kw.text in OUTSIDE_SUBSET) throw new CfgError(file, kw.line, OUTSIDE_SUBSET[kw.text]!);
    switch (kw.text) {
      case 'CONSTANT':
      case 'CONSTANTS':
        while (peek() && !isKeyword(peek())) {
          const nameTok = peek()!;
          const name = identifier('a constant name');
          const eq = take("'='");
          if (eq.text !== '=') throw new CfgError(file, eq.line, `expected '=' after ${name}, found '${eq.text}'`);
          if (config.constants.has(name)) throw new CfgError(file, nameTok.line, `constant ${name} is assigned twice`);
          config.constants.set(name, value());
        }
        break;
      case 'INIT':
        config.init = identifier('the name of the initial predicate');
        break;
      case 'NEXT':
        config.next = identifier('the name of the next-state action');
        break;
      case 'SPECIFICATION':
        config.specification = identifier('the name of the specification');
        break;
      case 'INVARIANT':
      case 'INVARIANTS':
        while (peek() && !isKeyword(peek())) config.invariants.push(identifier('an invariant name'));
        break;
      case 'CONSTRAINT':
      case 'CONSTRAINTS':
        while (peek() && !isKeyword(peek())) config.constraints.push(identifier('a constraint name'));
        break;
      case 'CHECK_DEADLOCK': {
        const v = take('TRUE or FALSE');
        if (v.text !== 'TRUE' && v.text !== 'FALSE') throw new CfgError(file, v.line, `CHECK_DEADLOCK takes TRUE or FALSE, found '${v.text}'`);
        config.checkDeadlock = v.text === 'TRUE';
        break;
      }
      default:
        throw new CfgError(file, kw.line, `unknown or misplaced '${kw.text}' (expected a cfg keyword such as CONSTANTS, INIT, NEXT, INVARIANTS)`);
    }
  }
  if (!config.specification && !(config.init && config.next)) {
    throw new CfgError(file, lastLine(), 'the model names neither SPECIFICATION nor both INIT and NEXT');
  }
  if (config.invariants.length === 0) {
    // The embedded engine then checks every definition named Inv* or TypeOK*:
    // a model must say what it checks.
    throw new CfgError(file, lastLine(), 'the model lists no INVARIANT; list them explicitly');
  }
  return config;
}

/** TLA+ text of a cfg value, as TLC would print it (a cfg value is a TLA+ value). */
export function showCfgValue(v: CfgValue): string {
  return showTla(v);
}
