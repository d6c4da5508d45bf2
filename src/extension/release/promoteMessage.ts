import { promotionMessage } from '../../core/promote/commit';
import type { PromotedImage, PromotionPlan } from '../../core/promote/plan';

/**
 * Builds the commit message of a promotion. An empty template gives the built-in message;
 * otherwise `${source}`, `${target}`, `${tag}`, `${images}` and `${sourceCommit}` are replaced,
 * and unknown placeholders are left as written.
 */
export function promotionCommitMessage(
  plan: PromotionPlan,
  sourceCommit: string,
  template: string,
): string {
  if (template === '') {
    return promotionMessage(plan, sourceCommit);
  }

  const changed = plan.images.filter((image) => image.changed);
  const values: Record<string, string> = {
    source: plan.sourceEnvironment,
    target: plan.targetEnvironment,
    tag: changed[0]?.next.tag ?? '',
    images: changed.map(describePromotedImage).join('\n'),
    sourceCommit,
  };
  const message = template.replace(/\$\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  return message.endsWith('\n') ? message : `${message}\n`;
}

/** Describes one image of a plan as `name: old -> new`, with tag and digest. */
export function describePromotedImage(image: PromotedImage): string {
  const before = image.current === undefined ? 'no entry' : versionText(image.current);
  return `${image.targetAfter.name}: ${before} -> ${versionText(image.next)}`;
}

function versionText(version: PromotedImage['next']): string {
  const tag = version.tag === undefined ? '' : `:${version.tag}`;
  const digest = version.digest === undefined ? '' : `@${version.digest}`;
  return `${version.name}${tag}${digest}`;
}
