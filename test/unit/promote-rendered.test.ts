import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { planPromotion } from '../../src/core/promote/plan';
import { PromotionRenderError, renderPromotion } from '../../src/core/promote/renderedDiff';
import { render } from '../../src/core/render/renderer';
import { makeExampleWorkspace } from '../support/workspaces';

describe('rendered promotion diff', () => {
  let workspace = '';
  let environments = '';

  before(() => {
    workspace = makeExampleWorkspace();
    environments = path.join(workspace, 'tracker-cd', 'env');
  });

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('shows the new image in the target output', async () => {
    const plan = await planPromotion(
      path.join(environments, '01-dev'),
      path.join(environments, '02-qa'),
    );
    const rendered = await renderPromotion(plan, (dir, options) => render(dir, options));

    assert.match(
      rendered.diff,
      /^-\s+image: registry\.example\.test\/parcel\/tracker-api:a1b2c3d-x7k2p$/m,
    );
    assert.match(
      rendered.diff,
      /^\+\s+image: registry\.example\.test\/parcel\/tracker-api:9f3e2d1-p4m8q$/m,
    );
    assert.ok(rendered.after.includes('9f3e2d1-p4m8q'));
  });

  it('leaves the target file untouched', async () => {
    const target = path.join(environments, '02-qa', 'kustomization.yaml');
    const text = fs.readFileSync(target, 'utf8');
    const plan = await planPromotion(
      path.join(environments, '01-dev'),
      path.join(environments, '02-qa'),
    );

    await renderPromotion(plan, (dir, options) => render(dir, options));

    assert.equal(fs.readFileSync(target, 'utf8'), text);
  });

  it('rejects a source that fails to render', async () => {
    const dev = path.join(environments, '01-dev', 'kustomization.yaml');
    const original = fs.readFileSync(dev, 'utf8');
    const plan = await planPromotion(
      path.join(environments, '01-dev'),
      path.join(environments, '02-qa'),
    );
    fs.writeFileSync(dev, `${original}\nresources:\n  - missing-folder\n`);

    try {
      await assert.rejects(
        renderPromotion(plan, (dir, options) => render(dir, options)),
        (error: unknown) =>
          error instanceof PromotionRenderError && /source environment 01-dev/.test(error.message),
      );
    } finally {
      fs.writeFileSync(dev, original);
    }
  });
});
