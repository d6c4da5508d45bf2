import type { CliCommand, CliIo } from '../io';
import { flagValue, parseArgs, UsageError } from '../io';
import { applyPromotion, promotionBranchName } from '../../core/promote/commit';
import { resolveEnvironmentFolder } from '../../core/promote/environment';
import { planPromotion, type ImageVersion, type PromotionPlan } from '../../core/promote/plan';
import { renderPromotion } from '../../core/promote/renderedDiff';
import { render } from '../../core/render/renderer';
import { formatImage } from '../../core/images/reference';
import { workspaceOf } from './history';

export const promoteCommand: CliCommand = {
  name: 'promote',
  usage: 'promote --from ENV --to ENV [--workspace DIR] [--image NAME,...] [--dry-run] [--commit] [--branch NAME | --new-branch]',
  summary: 'Copy image tags and digests from one environment to the next and optionally commit',
  async run(args, io) {
    const parsed = parseArgs(args, ['from', 'to', 'workspace', 'branch', 'image']);
    const from = flagValue(parsed, 'from');
    const to = flagValue(parsed, 'to');
    if (from === undefined || to === undefined) {
      throw new UsageError('give both --from and --to (environment names such as 01-dev, or overlay folders)');
    }
    const dryRun = parsed.flags.has('dry-run');
    const branchFlag = flagValue(parsed, 'branch');
    const newBranch = parsed.flags.has('new-branch');
    const commit = parsed.flags.has('commit') || branchFlag !== undefined || newBranch;

    const workspace = await workspaceOf(parsed.flags.get('workspace'), io);
    const source = resolveEnvironmentFolder(from, workspace, io.cwd);
    const target = resolveEnvironmentFolder(to, workspace, io.cwd);
    const images = flagValue(parsed, 'image')?.split(',');
    const plan = await planPromotion(source, target, images === undefined ? {} : { images });
    printPlan(plan, io);
    const rendered = await renderPromotion(plan, (dir, options) => render(dir, options));
    if (dryRun) {
      io.out(plan.diff);
      io.out(rendered.diff === '' ? 'the rendered manifests do not change\n' : rendered.diff);
      return 0;
    }
    if (!plan.edit.changed) {
      io.out(`${plan.targetEnvironment} already runs the images of ${plan.sourceEnvironment}; nothing to do\n`);
      return 0;
    }

    const branch = newBranch ? promotionBranchName(plan) : branchFlag;
    const result = await applyPromotion(plan, { commit, ...(branch === undefined ? {} : { branch }) });
    if (result === undefined) {
      io.out(`wrote ${plan.targetFile}\n`);
    } else {
      io.out(`committed ${result.shortCommit} on ${result.branch}: ${result.files.join(', ')}\n`);
    }
    return 0;
  },
};

function versionText(version: ImageVersion): string {
  return formatImage(version.name, version.tag, version.digest);
}

function printPlan(plan: PromotionPlan, io: CliIo): void {
  io.out(`promote ${plan.sourceEnvironment} -> ${plan.targetEnvironment}\n`);
  for (const image of plan.images) {
    const current = image.current === undefined ? '(new entry)' : versionText(image.current);
    const next = versionText(image.next);
    const note = image.match === 'only-entry' ? ' (paired as the only entry of each overlay)' : '';
    io.out(`  ${image.targetAfter.name}: ${current} -> ${next}${image.changed ? '' : ' (unchanged)'}${note}\n`);
  }
  for (const entry of plan.unmatched) {
    io.err(`warning: "${entry.name}" of ${plan.sourceEnvironment} has no entry in ${plan.targetEnvironment} and was left out\n`);
  }
  for (const warning of plan.warnings) {
    io.err(`warning: ${warning.message}\n`);
  }
}
