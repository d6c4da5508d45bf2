import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromotionPlan } from '../../core/promote/plan';
import type { RenderResult } from '../../core/render/renderResult';
import type { Environment } from '../../core/workspace/environments';
import { describeError } from '../log';
import { pickValue } from './pickers';
import { describePromotedImage } from './promoteMessage';
import type { ReleaseContext } from './releaseContext';

/** Action chosen for a reviewed plan. */
export type PromoteAction = 'commit' | 'write' | 'cancel';

/**
 * Opens two diffs of a plan: the target kustomization against its planned text, and the
 * target's rendered manifests before and after the change.
 */
export async function showPlanDiffs(
  context: ReleaseContext,
  plan: PromotionPlan,
  target: Environment,
): Promise<void> {
  const fileName = path.basename(plan.targetFile);
  const planned = context.documents.add(`${target.name}/${fileName}`, plan.newTargetText);
  const title = `${target.name}/${fileName} ↔ promoted from ${plan.sourceEnvironment}`;
  const current = vscode.Uri.file(plan.targetFile);
  await vscode.commands.executeCommand('vscode.diff', current, planned, title);

  const [before, after] = await Promise.all([
    renderedBefore(context, target),
    renderedAfter(context, plan, target),
  ]);
  const left = context.documents.add(`${target.name}/rendered-before.yaml`, before);
  const right = context.documents.add(`${target.name}/rendered-after.yaml`, after);
  const renderTitle = `${target.name} rendered: before ↔ after`;
  await vscode.commands.executeCommand('vscode.diff', left, right, renderTitle, { preview: false });
}

async function renderedBefore(context: ReleaseContext, target: Environment): Promise<string> {
  try {
    return renderedText(await context.session.renders.render(target.dir));
  } catch (error) {
    return `# The render did not run: ${describeError(error)}\n`;
  }
}

/** Returns a render's YAML, or a YAML comment with the error when the build failed. */
function renderedText(result: RenderResult): string {
  return result.ok ? result.yaml : `# kustomize build failed:\n# ${result.error?.message ?? ''}\n`;
}

/** Renders the target with the planned text in place of its kustomization file. */
async function renderedAfter(
  context: ReleaseContext,
  plan: PromotionPlan,
  target: Environment,
): Promise<string> {
  const source = context.session.workspace.model.source;
  const overrides = new Map<string, string>();
  for (const file of source.overriddenPaths()) {
    overrides.set(file, source.overrideOf(file) ?? '');
  }
  overrides.set(plan.targetFile, plan.newTargetText);

  try {
    return renderedText(await context.renderer.render(target.dir, { overrides }));
  } catch (error) {
    return `# The render did not run: ${describeError(error)}\n`;
  }
}

/**
 * Asks what to do with the plan in a quick pick. The plan's images are listed as separators
 * above the three actions, so the choice is made with the versions in view.
 */
export function pickPromoteAction(plan: PromotionPlan, branch: string): Promise<PromoteAction> {
  const planLines = plan.images
    .filter((image) => image.changed)
    .map((image) => ({
      label: describePromotedImage(image),
      kind: vscode.QuickPickItemKind.Separator,
      value: 'cancel' as const,
    }));
  const actions = [
    { label: 'Promote and Commit', description: `commit on ${branch}`, value: 'commit' as const },
    {
      label: 'Write Without Commit',
      description: 'leave the change for you to commit',
      value: 'write' as const,
    },
    { label: 'Cancel', value: 'cancel' as const },
  ];
  const title = `Promote ${plan.sourceEnvironment} to ${plan.targetEnvironment}`;
  return pickValue<PromoteAction>([...planLines, ...actions], { title, placeHolder: 'Action' });
}
