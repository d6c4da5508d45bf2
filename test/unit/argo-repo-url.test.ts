import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSameRepository, repoUrlKey } from '../../src/core/argo/repoUrl';

describe('repoUrlKey', () => {
  const sameRepository: readonly string[] = [
    'https://git.example.test/parcel/tracker-cd.git',
    'https://git.example.test/parcel/tracker-cd',
    'https://git.example.test/parcel/tracker-cd/',
    'https://git.example.test/parcel/tracker-cd.git/',
    'http://git.example.test/parcel/tracker-cd',
    'https://GIT.Example.TEST/parcel/tracker-cd.git',
    'https://robin:s3cret@git.example.test/parcel/tracker-cd.git',
    'https://git.example.test:443/parcel/tracker-cd.git',
    'http://git.example.test:80/parcel/tracker-cd',
    'ssh://git@git.example.test/parcel/tracker-cd.git',
    'ssh://git@git.example.test:22/parcel/tracker-cd.git',
    'git@git.example.test:parcel/tracker-cd.git',
    'git.example.test:parcel/tracker-cd',
    'git://git.example.test/parcel/tracker-cd.git',
    '  https://git.example.test//parcel/tracker-cd.git  ',
    'https://git.example.test/Parcel/Tracker-CD.git',
  ];

  for (const url of sameRepository) {
    it(`keys ${url.trim()} as host/org/repo`, () => {
      assert.equal(repoUrlKey(url), 'git.example.test/parcel/tracker-cd');
    });
  }

  it('keeps a non-default port', () => {
    assert.equal(
      repoUrlKey('https://git.example.test:8443/parcel/tracker-cd.git'),
      'git.example.test:8443/parcel/tracker-cd',
    );
    assert.equal(
      repoUrlKey('ssh://git@git.example.test:2222/parcel/tracker-cd'),
      'git.example.test:2222/parcel/tracker-cd',
    );
  });

  it('rejects values that are not repository URLs', () => {
    assert.equal(repoUrlKey(''), undefined);
    assert.equal(repoUrlKey('   '), undefined);
    assert.equal(repoUrlKey('file:///srv/git/tracker-cd.git'), undefined);
    assert.equal(repoUrlKey('https://git.example.test/'), undefined);
    assert.equal(repoUrlKey('not a url'), undefined);
  });

  it('tells different repositories apart', () => {
    const tracker = 'https://git.example.test/parcel/tracker-cd';

    assert.equal(isSameRepository(tracker, 'git@git.example.test:parcel/tracker-ci.git'), false);
    assert.equal(isSameRepository(tracker, 'https://mirror.example.test/parcel/tracker-cd'), false);
    const otherPort = 'https://git.example.test:8443/parcel/tracker-cd';
    assert.equal(isSameRepository(tracker, otherPort), false);
    assert.equal(isSameRepository(tracker, 'git@git.example.test:parcel/tracker-cd'), true);
  });
});
