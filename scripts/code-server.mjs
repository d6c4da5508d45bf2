// Starts and stops code-server (the VS Code server and web workbench from npm) on 127.0.0.1
// with a scratch profile, for `npm start`, the extension tests and the UI test.
//
// As a module: startCodeServer(), installExtension(), codeServerBinary().
// As a command:
//   node scripts/code-server.mjs serve [--port N] [--vsix FILE] [PATH]
// serves PATH (a folder or a .code-workspace file) until SIGINT or SIGTERM, then stops
// code-server by its PID and removes the scratch profile.
import { spawn, execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';

export const codeServerVersion = '4.100.3';

const startTimeoutMs = 60_000;

// User settings that keep the workbench quiet and offline: no welcome page, tips, telemetry
// banner, update or marketplace checks.
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.openRepositoryInParentFolders': 'never',
};

// Port 9 (the discard service) has no listener on a usual machine, so marketplace requests
// fail at once instead of waiting on a network that may be unreachable.
const closedGallery = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/gallery',
  itemUrl: 'http://127.0.0.1:9/item',
});

/** Returns the code-server executable that scripts/setup.sh installs in the cache folder. */
export function codeServerBinary() {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const dir = path.join(cacheHome, 'gitops-workbench', `code-server-${codeServerVersion}`);
  const binary = path.join(dir, 'node_modules', '.bin', 'code-server');

  if (!fs.existsSync(binary)) {
    throw new Error(`code-server not found at ${binary}: run scripts/setup.sh first`);
  }
  return binary;
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Creates a scratch profile: user data with quiet settings, extensions and XDG folders. */
export function createProfile(root) {
  const profile = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
    log: path.join(root, 'code-server.log'),
    pidFile: path.join(root, 'code-server.pid'),
  };

  const userDir = path.join(profile.userData, 'User');
  for (const dir of [userDir, profile.extensions, profile.xdgConfig, profile.xdgData]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(userSettings, null, 2));
  return profile;
}

function profileEnvironment(profile) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: profile.xdgConfig,
    XDG_DATA_HOME: profile.xdgData,
    EXTENSIONS_GALLERY: closedGallery,
  };
}

function profileArguments(profile) {
  return ['--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
}

/** Installs a VSIX into the profile's extensions folder. */
export async function installExtension(profile, vsix) {
  const args = [...profileArguments(profile), '--install-extension', path.resolve(vsix)];
  const options = { env: profileEnvironment(profile), timeout: startTimeoutMs };

  try {
    await promisify(execFile)(codeServerBinary(), args, options);
  } catch (error) {
    throw new Error(`installing ${vsix} into code-server failed: ${error.stderr || error.message}`);
  }
}

function requestHealth(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

function readLogTail(file) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return text.split('\n').slice(-20).join('\n');
}

async function waitForHealth(child, port, logFile) {
  const deadline = Date.now() + startTimeoutMs;

  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited during start; log ${logFile}:\n${readLogTail(logFile)}`);
    }
    if (await requestHealth(port)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server on port ${port} not healthy after ${startTimeoutMs / 1000} s`);
}

function stopProcessGroup(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }

    // code-server forks its server into a child; the negative PID signals the whole group
    // that the detached spawn created, and nothing else.
    const forceTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(forceTimer);
      resolve();
    });
    signalGroup(child.pid, 'SIGTERM');
  });
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') {
      throw error;
    }
  }
}

/**
 * Starts code-server on 127.0.0.1 with the given profile and waits for /healthz.
 * Resolves to { url, port, pid, profile, exited, stop() }: exited settles with the exit code
 * when code-server ends, and stop() ends its process group by PID.
 */
export async function startCodeServer(profile, options = {}) {
  const port = options.port ?? (await findFreePort());
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...profileArguments(profile),
  ];

  const logFd = fs.openSync(profile.log, 'a');
  const child = spawn(codeServerBinary(), args, {
    env: profileEnvironment(profile),
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  fs.writeFileSync(profile.pidFile, `${child.pid}\n`);

  // A test runner that ends through process.exit() (for example on Ctrl-C) must not leave
  // code-server running, so the exit hook signals the group too.
  const stopOnExit = () => signalGroup(child.pid, 'SIGTERM');
  process.once('exit', stopOnExit);

  try {
    await waitForHealth(child, port, profile.log);
  } catch (error) {
    process.removeListener('exit', stopOnExit);
    await stopProcessGroup(child);
    throw error;
  }

  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    await stopProcessGroup(child);
  };
  return { url, port, pid: child.pid, profile, exited, stop };
}

/** Returns the workbench URL that opens a folder or a .code-workspace file. */
export function workbenchUrl(baseUrl, target) {
  const key = target.endsWith('.code-workspace') ? 'workspace' : 'folder';
  return `${baseUrl}/?${key}=${encodeURIComponent(path.resolve(target))}`;
}

function parseServeArguments(argv) {
  const options = { port: undefined, vsix: undefined, target: undefined };

  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--port') {
      options.port = Number(argv[++index]);
    } else if (argument === '--vsix') {
      options.vsix = argv[++index];
    } else if (argument.startsWith('--')) {
      throw new Error(`unknown option ${argument}; usage: serve [--port N] [--vsix FILE] [PATH]`);
    } else {
      options.target = argument;
    }
  }
  if (options.port !== undefined && !Number.isInteger(options.port)) {
    throw new Error('--port needs a whole number, for example --port 8080');
  }
  return options;
}

async function serve(argv) {
  const options = parseServeArguments(argv);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-code-server-'));
  const profile = createProfile(root);

  if (options.vsix) {
    await installExtension(profile, options.vsix);
    console.log(`Installed ${options.vsix}`);
  }

  const server = await startCodeServer(profile, { port: options.port });
  const url = options.target ? workbenchUrl(server.url, options.target) : server.url;
  console.log(`code-server ${codeServerVersion} is running (PID ${server.pid}).`);
  console.log(`Open ${url}`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async () => {
    stopping = true;
    console.log(`\nStopping code-server (PID ${server.pid})`);
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  const code = await server.exited;
  if (!stopping) {
    console.error(`code-server (PID ${server.pid}) exited with code ${code}; log ${profile.log}`);
    process.exit(1);
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const [command, ...rest] = process.argv.slice(2);

  if (command !== 'serve') {
    console.error('usage: node scripts/code-server.mjs serve [--port N] [--vsix FILE] [PATH]');
    process.exit(2);
  }
  serve(rest).catch((error) => {
    console.error(`code-server: ${error.message}`);
    process.exit(1);
  });
}
