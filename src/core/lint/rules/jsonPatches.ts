import * as YAML from 'yaml';
import { findPair, rangeOfNode, scalarString } from '../../yamlFile';
import type { LintContext } from '../context';
import type { JsonPatchOperation } from '../jsonPatch';
import { applyOperation, jsonPatchOps } from '../jsonPatch';
import type { SourceObject } from '../objects';
import type { PatchBody, PatchEntry } from '../patchEntries';
import { patchEntries } from '../patchEntries';
import { describeObject, selects } from '../selector';
import { closestMatch } from '../suggest';
import type { LintDiagnostic, LintSeverity } from '../types';

const needsValue = ['add', 'replace', 'test'];
const needsFrom = ['move', 'copy'];

/** One operation of a JSON 6902 patch with its YAML node. */
interface OperationNode {
  readonly node: YAML.YAMLMap;
  readonly operation: JsonPatchOperation;
}

/**
 * Checks JSON 6902 patches: the shape of each operation, the presence of a target, and, when the
 * target's objects are known, whether each path exists where the operation needs it.
 */
export function checkJsonPatches(context: LintContext): LintDiagnostic[] {
  const entries = patchEntries(context.kustomization, context.files).filter(
    (entry) => entry.kind === 'json6902',
  );
  return entries.flatMap((entry) => checkEntry(context, entry));
}

function checkEntry(context: LintContext, entry: PatchEntry): LintDiagnostic[] {
  const body = entry.body;
  if (body === undefined) {
    return [];
  }

  const diagnostics: LintDiagnostic[] = [];
  if (entry.target === undefined) {
    diagnostics.push({
      file: context.kustomization.file.path,
      range: rangeOfNode(context.kustomization.file, entry.node),
      severity: 'error',
      code: 'patch-without-target',
      message:
        'This JSON 6902 patch has no target, so kustomize cannot tell which object to patch. Add a `target` with at least kind and name.',
    });
  }

  const operations = readOperations(body, diagnostics);
  const shapeErrors = diagnostics.length;
  if (entry.target !== undefined && shapeErrors === 0) {
    diagnostics.push(...simulate(context, entry, body, operations));
  }
  return diagnostics;
}

function readOperations(body: PatchBody, diagnostics: LintDiagnostic[]): OperationNode[] {
  const list = body.documents[0]?.contents;
  if (!YAML.isSeq(list)) {
    return [];
  }

  const operations: OperationNode[] = [];
  for (const item of list.items) {
    if (!YAML.isMap(item)) {
      diagnostics.push(
        problem(
          body,
          item as YAML.Node,
          'error',
          'invalid-patch-operation',
          'Each JSON 6902 operation must be a map with `op` and `path`.',
        ),
      );
      continue;
    }
    const operation = checkOperation(body, item, diagnostics);
    if (operation !== undefined) {
      operations.push({ node: item, operation });
    }
  }
  return operations;
}

function checkOperation(
  body: PatchBody,
  item: YAML.YAMLMap,
  diagnostics: LintDiagnostic[],
): JsonPatchOperation | undefined {
  const opNode = findPair(item, 'op')?.value as YAML.Node | undefined;
  const op = scalarString(opNode);
  const pathText = scalarString(findPair(item, 'path')?.value);

  const problems = operationProblems(body, item, opNode, op, pathText);
  diagnostics.push(...problems);
  if (problems.length > 0 || op === undefined || pathText === undefined) {
    return undefined;
  }

  const value = findPair(item, 'value')?.value;
  const from = scalarString(findPair(item, 'from')?.value);
  return {
    op,
    path: pathText,
    ...(from === undefined ? {} : { from }),
    ...(value === undefined ? {} : { value: YAML.isNode(value) ? value.toJSON() : value }),
  };
}

/** Finds an unknown `op` and the fields an operation lacks: `op`, `path`, `value` or `from`. */
function operationProblems(
  body: PatchBody,
  item: YAML.YAMLMap,
  opNode: YAML.Node | undefined,
  op: string | undefined,
  pathText: string | undefined,
): LintDiagnostic[] {
  const problems: LintDiagnostic[] = [];
  const missing = (code: string, message: string) => {
    problems.push(problem(body, item, 'error', code, message));
  };
  const at = pathText ?? '(no path)';

  if (op === undefined) {
    missing(
      'missing-patch-op',
      'This operation has no `op`. Use one of add, remove, replace, move, copy or test.',
    );
  } else if (!jsonPatchOps.includes(op)) {
    problems.push(unknownOp(body, opNode, op));
  }
  if (pathText === undefined) {
    missing(
      'missing-patch-path',
      `The ${op ?? ''} operation has no \`path\`. Add the JSON pointer it applies to, such as /spec/replicas.`,
    );
  }
  if (op !== undefined && needsValue.includes(op) && findPair(item, 'value') === undefined) {
    missing(
      'missing-patch-value',
      `The ${op} operation at ${at} has no \`value\`. Add the value to write.`,
    );
  }
  if (op !== undefined && needsFrom.includes(op) && findPair(item, 'from') === undefined) {
    missing(
      'missing-patch-from',
      `The ${op} operation at ${at} has no \`from\`. Add the JSON pointer to ${op} from.`,
    );
  }
  return problems;
}

function unknownOp(body: PatchBody, opNode: YAML.Node | undefined, op: string): LintDiagnostic {
  const suggestion = closestMatch(op, jsonPatchOps);
  const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
  const range = body.rangeOf(opNode);
  const fixes =
    suggestion === undefined || !body.precise
      ? []
      : [
          {
            title: `Change op to "${suggestion}"`,
            edits: [{ file: body.file, range, newText: suggestion }],
          },
        ];
  return {
    file: body.file,
    range,
    severity: 'error',
    code: 'unknown-patch-op',
    message: `Unknown JSON 6902 op "${op}": kustomize fails with "Unexpected kind: ${op}" and names no file.${hint}`,
    fixes,
  };
}

function problem(
  body: PatchBody,
  node: YAML.Node | undefined,
  severity: LintSeverity,
  code: string,
  message: string,
): LintDiagnostic {
  return { file: body.file, range: body.rangeOf(node), severity, code, message };
}

/**
 * Applies the operations to a copy of each selected object, in order, and reports the first
 * operation that fails on each. NOTE: the objects are read from the resource files before any
 * transformation, so a field added by a base's own patch counts as missing here.
 */
function simulate(
  context: LintContext,
  entry: PatchEntry,
  body: PatchBody,
  operations: readonly OperationNode[],
): LintDiagnostic[] {
  const target = entry.target;
  if (target === undefined) {
    return [];
  }
  const selected = context.sources.objects.filter((object) => selects(target, object));
  const diagnostics: LintDiagnostic[] = [];
  for (const object of selected) {
    diagnostics.push(...simulateOn(object, body, operations));
  }
  return diagnostics;
}

function simulateOn(
  object: SourceObject,
  body: PatchBody,
  operations: readonly OperationNode[],
): LintDiagnostic[] {
  const document = structuredClone(object.value);
  const diagnostics: LintDiagnostic[] = [];
  for (const { node, operation } of operations) {
    const outcome = applyOperation(document, operation);
    const pointerNode = findPair(node, outcome.pointer === 'from' ? 'from' : 'path')?.value as
      YAML.Node | undefined;
    if (outcome.status === 'failed') {
      const message =
        `${operation.op} ${operation.path} fails on ${describeObject(object)}: ${outcome.reason ?? ''}. ` +
        failureAdvice(operation.op);
      diagnostics.push(problem(body, pointerNode, 'error', 'patch-path-missing', message));
      return diagnostics;
    }
    if (outcome.status === 'created-by-replace') {
      const message =
        `replace ${operation.path}: the field does not exist in ${describeObject(object)}, so kustomize creates it ` +
        '(RFC 6902 says replace must fail). Use op add to say what happens.';
      diagnostics.push(problem(body, pointerNode, 'warning', 'replace-creates-field', message));
    }
  }
  return diagnostics;
}

function failureAdvice(op: string): string {
  if (op === 'add') {
    return 'add creates only the last step of a path; add the parent with its whole value first (for example a list for env).';
  }
  return `${op} needs the path to exist, and kustomize stops the build with "doc is missing path". Check the path against the object.`;
}
