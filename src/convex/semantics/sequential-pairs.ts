/**
 * Which statements of a function body follow another "step" (e.g. an awaited `ctx.runQuery`) on
 * every path that reaches them, with nothing else in between. Control flow is followed through
 * `if` / `else`, `switch` and plain blocks: a step after a join pairs with the last step of each
 * branch, while steps in different branches never pair with each other. Loops, `try` and labelled
 * statements are opaque: their bodies are read on their own, and nothing pairs across them.
 */
import { ts } from '../../typescript.js';
import { isFunctionNode } from '../model/ast.js';

/** A statement that is one step, or undefined for any other statement. */
export type StepOf<T> = (statement: ts.Statement) => T | undefined;

/** A step and the steps that come right before it: one per path, at least one. */
export interface SequentialPair<T> {
  previous: T[];
  step: T;
}

/**
 * What comes right before the current point: `unreachable` (no path gets here), the steps each
 * path ends with, or `broken` when some path ends with anything else.
 */
type State<T> = { kind: 'unreachable' } | { kind: 'broken' } | { kind: 'after'; steps: T[] };

const UNREACHABLE = { kind: 'unreachable' } as const;
const BROKEN = { kind: 'broken' } as const;

function join<T>(a: State<T>, b: State<T>): State<T> {
  if (a.kind === 'unreachable') return b;
  if (b.kind === 'unreachable') return a;
  if (a.kind === 'broken' || b.kind === 'broken') return BROKEN;
  return { kind: 'after', steps: [...a.steps, ...b.steps.filter((s) => !a.steps.includes(s))] };
}

/** Every step of `body` that follows other steps on every path, in source order. */
export function sequentialPairs<T>(body: ts.Block, stepOf: StepOf<T>): SequentialPair<T>[] {
  const pairs: SequentialPair<T>[] = [];
  /** `break` targets: the states leaving the innermost `switch` through `break`. */
  const breakTargets: State<T>[][] = [];

  const statements = (list: readonly ts.Statement[], incoming: State<T>): State<T> => {
    let state = incoming;
    for (const s of list) state = statement(s, state);
    return state;
  };

  /**
   * Reads a loop/try body on its own: what it contains pairs only within it. A `break` inside a
   * loop stays in the loop; one inside a `try` leaves an enclosing switch with unknown work done.
   */
  const opaque = (inner: ts.Statement | undefined, ownsBreaks: boolean): State<T> => {
    if (!inner) return BROKEN;
    const breaks: State<T>[] = [];
    breakTargets.push(breaks);
    statement(inner, BROKEN);
    breakTargets.pop();
    if (!ownsBreaks && breaks.length > 0) breakTargets[breakTargets.length - 1]?.push(BROKEN);
    return BROKEN;
  };

  const statement = (s: ts.Statement, incoming: State<T>): State<T> => {
    const step = stepOf(s);
    if (step !== undefined) {
      if (incoming.kind === 'after') pairs.push({ previous: incoming.steps, step });
      // `return await …` ends its path.
      return ts.isReturnStatement(s) ? UNREACHABLE : { kind: 'after', steps: [step] };
    }
    if (ts.isBlock(s)) return statements(s.statements, incoming);
    if (ts.isIfStatement(s)) {
      const entry = awaits(s.expression) ? BROKEN : incoming;
      const whenTrue = statement(s.thenStatement, entry);
      const whenFalse = s.elseStatement ? statement(s.elseStatement, entry) : entry;
      return join(whenTrue, whenFalse);
    }
    if (ts.isSwitchStatement(s)) return switchStatement(s, incoming);
    if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isContinueStatement(s)) return UNREACHABLE;
    if (ts.isBreakStatement(s)) {
      const target = breakTargets[breakTargets.length - 1];
      // A labelled break leaves something this reading does not follow.
      target?.push(s.label ? BROKEN : incoming);
      return UNREACHABLE;
    }
    if (ts.isIterationStatement(s, false)) return opaque(s.statement, true);
    if (ts.isTryStatement(s)) {
      opaque(s.tryBlock, false);
      opaque(s.catchClause?.block, false);
      return opaque(s.finallyBlock, false);
    }
    if (ts.isLabeledStatement(s)) return opaque(s.statement, false);
    // Any other statement (a declaration, a call, an assignment) is other work between steps.
    return s.kind === ts.SyntaxKind.EmptyStatement ? incoming : BROKEN;
  };

  const switchStatement = (s: ts.SwitchStatement, incoming: State<T>): State<T> => {
    const entry = awaits(s.expression) ? BROKEN : incoming;
    const exits: State<T>[] = [];
    breakTargets.push(exits);
    let fallthrough: State<T> = UNREACHABLE;
    for (const clause of s.caseBlock.clauses) {
      // A case label is an expression too: an `await` in it is other work.
      const label = ts.isCaseClause(clause) && awaits(clause.expression) ? BROKEN : entry;
      fallthrough = statements(clause.statements, join(label, fallthrough));
    }
    breakTargets.pop();
    const hasDefault = s.caseBlock.clauses.some(ts.isDefaultClause);
    return [...exits, fallthrough, hasDefault ? UNREACHABLE : entry].reduce(join);
  };

  statements(body.statements, BROKEN);
  return pairs;
}

/** Whether `node` awaits something outside of nested functions. */
export function awaits(node: ts.Node): boolean {
  if (ts.isAwaitExpression(node)) return true;
  if (ts.isForOfStatement(node) && node.awaitModifier) return true;
  if (isFunctionNode(node)) return false;
  return ts.forEachChild(node, awaits) === true;
}
