import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromotionPlan } from '../../core/promote/plan';
import type { RenderedPromotion } from '../../core/promote/renderedDiff';
import type { Environment } from '../../core/workspace/environments';
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
  rendered: RenderedPromotion,
): Promise<void> {
  const fileName = path.basename(plan.targetFile);
  const planned = context.documents.add(`${target.name}/${fileName}`, plan.newTargetText);
  const title = `${target.name}/${fileName} ↔ promoted from ${plan.sourceEnvironment}`;
  const current = vscode.Uri.file(plan.targetFile);
  await vscode.commands.executeCommand('vscode.diff', current, planned, title);

  const left = context.documents.add(`${target.name}/rendered-before.yaml`, rendered.before);
  const right = context.documents.add(`${target.name}/rendered-after.yaml`, rendered.after);
  const renderTitle = `${target.name} rendered: before ↔ after`;
  await vscode.commands.executeCommand('vscode.diff', left, right, renderTitle, { preview: false });
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
