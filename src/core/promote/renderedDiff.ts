import type { RenderOptions } from '../render/renderer';
import type { RenderResult } from '../render/renderResult';
import type { PromotionPlan } from './plan';
import { unifiedDiff } from './unifiedDiff';

/** Builds a folder, with optional unsaved texts; the Renderer's `render` fits. */
export type RenderFolder = (dir: string, options: RenderOptions) => Promise<RenderResult>;

/** The rendered manifests of a promotion's target before and after the edit. */
export interface RenderedPromotion {
  readonly before: string;
  readonly after: string;
  /** Unified diff of the two, empty when the edit changes no rendered object. */
  readonly diff: string;
}

/** Thrown when the source or the target cannot be built, so the promotion must not go ahead. */
export class PromotionRenderError extends Error {}

/**
 * Renders the source overlay (a promotion from an environment that does not build is rejected),
 * then the target as it is and as it would be with the planned kustomization text.
 */
export async function renderPromotion(
  plan: PromotionPlan,
  renderFolder: RenderFolder,
): Promise<RenderedPromotion> {
  const sourceDir = dirOf(plan.sourceFile);
  const targetDir = dirOf(plan.targetFile);

  const source = await renderFolder(sourceDir, {});
  requireSuccess(source, `source environment ${plan.sourceEnvironment}`);

  const before = await renderFolder(targetDir, {});
  requireSuccess(before, `target environment ${plan.targetEnvironment} before the change`);

  const overrides = new Map([[plan.targetFile, plan.newTargetText]]);
  const after = await renderFolder(targetDir, { overrides });
  requireSuccess(after, `target environment ${plan.targetEnvironment} after the change`);

  const label = `${plan.targetEnvironment} (rendered)`;
  return {
    before: before.yaml,
    after: after.yaml,
    diff: unifiedDiff(before.yaml, after.yaml, `${label} before`, `${label} after`),
  };
}

function dirOf(file: string): string {
  return file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')));
}

function requireSuccess(result: RenderResult, what: string): void {
  if (result.ok) {
    return;
  }
  const reason = result.error?.message ?? `kustomize exited with ${String(result.exitCode)}`;
  throw new PromotionRenderError(
    `Cannot promote: the ${what} failed to render (${result.dir}): ${reason}`,
  );
}
