import type { CliCommand, CliIo, CliOption } from '../io';
import { flagValue, parseArgs, UsageError } from '../io';
import { applyPromotion, promotionBranchName } from '../../core/promote/commit';
import { resolveEnvironmentFolder } from '../../core/promote/environment';
import { planPromotion, type ImageVersion, type PromotionPlan } from '../../core/promote/plan';
import { renderPromotion } from '../../core/promote/renderedDiff';
import { render } from '../../core/render/renderer';
import { formatImage } from '../../core/images/reference';
import { workspaceOf } from './history';

const promoteOptions: readonly CliOption[] = [
  { name: 'from', value: 'ENV', help: 'source environment: its name, such as 01-dev, or overlay folder' },
  { name: 'to', value: 'ENV', help: 'target environment whose kustomization is edited' },
  {
    name: 'workspace',
    value: 'DIR',
    help: 'workspace folder (default: the Git repository of the current folder)',
  },
  { name: 'image', value: 'NAME,...', help: 'images to promote, comma-separated (default: all)' },
  { name: 'dry-run', help: 'print the kustomization and rendered diffs without writing' },
  { name: 'commit', help: 'commit the target kustomization on the current branch' },
  { name: 'branch', value: 'NAME', help: 'create branch NAME at HEAD and commit there' },
  { name: 'new-branch', help: 'create branch promote/<target>-<tag> and commit there' },
];

export const promoteCommand: CliCommand = {
  name: 'promote',
  usage: 'promote --from ENV --to ENV [--workspace DIR] [--image NAME,...] [--dry-run] [--commit] [--branch NAME | --new-branch]',
  summary: 'Copy image tags and digests from one environment to the next and optionally commit',
  options: promoteOptions,
  async run(args, io) {
    const parsed = parseArgs(args, promoteOptions);
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
