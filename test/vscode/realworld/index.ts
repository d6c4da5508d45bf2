// Entry point for the extension tests on the three myapp repositories (scripts/real-world.sh);
// loaded by code-server as `extensionTestsPath` instead of the main suite.
import { runSuiteIn } from '../suite/index';

export function run(): Promise<void> {
  return runSuiteIn(__dirname);
}
