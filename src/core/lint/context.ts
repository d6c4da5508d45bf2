import type { RenderResult } from '../render/renderResult';
import type { Kustomization } from '../workspace/kustomization';
import type { WorkspaceModel } from '../workspace/model';
import type { KustomizationRoot } from '../workspace/roots';
import type { SourceRange } from '../yamlFile';
import type { SourceObjects } from './objects';
import type { ParsedFiles } from './parsedFiles';
import type { LintDiagnostic } from './types';

/** The view of one kustomization root that a rule receives. */
export interface LintContext {
  readonly model: WorkspaceModel;
  readonly root: KustomizationRoot;
  readonly kustomization: Kustomization;
  readonly files: ParsedFiles;
  /** Objects of the root's resource files before kustomize transforms them. */
  readonly sources: SourceObjects;
  /** True when the root is a Component, whose patches apply to objects of the roots that include it. */
  readonly isComponent: boolean;
  /** True unless the build options turn the load restrictor off. */
  readonly loadRestricted: boolean;
}

/** A check of one root; rules never throw for bad input, they report it. */
export type RootRule = (context: LintContext) => LintDiagnostic[];

/** A check of a rendered root. */
export type RenderedRule = (context: LintContext, rendered: RenderResult) => LintDiagnostic[];

/** The whole of one line, for findings that have no narrower place. */
export function lineRange(line: number, text?: string): SourceRange {
  const length = text?.split('\n')[line]?.length ?? 0;
  return { startLine: line, startColumn: 0, endLine: line, endColumn: length };
}
