import type { JsonObject } from '../drift/types';
import { childString, isJsonObject } from '../drift/types';
import { globMatch } from './glob';

/** One entry of an AppProject's `spec.syncWindows`. */
export interface SyncWindow {
  readonly kind: 'allow' | 'deny';
  /** Five-field cron schedule: minute, hour, day of month, month, day of week. */
  readonly schedule: string;
  /** Length of the window in minutes. */
  readonly durationMinutes: number;
  readonly applications: readonly string[];
  readonly namespaces: readonly string[];
  readonly clusters: readonly string[];
  /** Manual syncs are allowed while this window blocks automatic ones. */
  readonly manualSync: boolean;
  /** IANA time zone of the schedule; Argo CD's default is UTC. */
  readonly timeZone: string;
  /** All of applications, namespaces and clusters that are set must match, not just one. */
  readonly andOperator: boolean;
}

/** The Application fields a sync window selects on. */
export interface WindowTarget {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly server: string | undefined;
  readonly clusterName: string | undefined;
}

/** Reads `spec.syncWindows`; entries with an invalid kind, schedule or duration are skipped. */
export function readSyncWindows(spec: JsonObject | undefined): SyncWindow[] {
  const list = spec?.['syncWindows'];
  if (!Array.isArray(list)) {
    return [];
  }
  return list.filter(isJsonObject).flatMap((entry) => {
    const window = readSyncWindow(entry);
    return window === undefined ? [] : [window];
  });
}

function readSyncWindow(entry: JsonObject): SyncWindow | undefined {
  const kind = childString(entry, 'kind');
  const schedule = childString(entry, 'schedule');
  const durationMinutes = parseDurationMinutes(childString(entry, 'duration') ?? '');
  if (
    (kind !== 'allow' && kind !== 'deny') ||
    schedule === undefined ||
    durationMinutes === undefined
  ) {
    return undefined;
  }
  return {
    kind,
    schedule,
    durationMinutes,
    applications: stringList(entry['applications']),
    namespaces: stringList(entry['namespaces']),
    clusters: stringList(entry['clusters']),
    manualSync: entry['manualSync'] === true,
    timeZone: childString(entry, 'timeZone') ?? 'UTC',
    andOperator: entry['andOperator'] === true,
  };
}

/** Parses a Go duration such as `1h`, `30m` or `1h30m0s` into whole minutes. */
export function parseDurationMinutes(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)];
  const joined = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || joined !== text) {
    return undefined;
  }
  const unitMinutes: Record<string, number> = { h: 60, m: 1, s: 1 / 60 };
  const total = parts.reduce(
    (sum, part) => sum + Number(part[1]) * (unitMinutes[part[2] ?? ''] ?? 0),
    0,
  );
  return Math.ceil(total);
}

/** True when the window selects the Application by name, namespace or cluster. */
export function windowMatches(window: SyncWindow, target: WindowTarget): boolean {
  const checks: boolean[] = [];
  if (window.applications.length > 0) {
    checks.push(window.applications.some((pattern) => globMatch(pattern, target.name)));
  }
  if (window.namespaces.length > 0) {
    checks.push(window.namespaces.some((pattern) => globMatch(pattern, target.namespace ?? '')));
  }
  if (window.clusters.length > 0) {
    const clusters = [target.server ?? '', target.clusterName ?? ''];
    checks.push(
      window.clusters.some((pattern) => clusters.some((cluster) => globMatch(pattern, cluster))),
    );
  }
  if (checks.length === 0) {
    return false;
  }
  return window.andOperator ? checks.every(Boolean) : checks.some(Boolean);
}

/** True when the schedule started at a minute within the last `durationMinutes` before `now`. */
export function windowActive(window: SyncWindow, now: Date): boolean {
  const schedule = parseCron(window.schedule);
  if (schedule === undefined) {
    return false;
  }
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  for (let minutesBack = 0; minutesBack < window.durationMinutes; minutesBack++) {
    const candidate = new Date(start - minutesBack * 60_000);
    if (cronMatches(schedule, zonedFields(candidate, window.timeZone))) {
      return true;
    }
  }
  return false;
}

/**
 * Decides whether a sync may start now, following Argo CD's rules: an active deny window blocks
 * syncs; when allow windows select the Application, syncs need one of them to be active; a
 * blocking window with `manualSync` still lets manual syncs through. Returns the reason when blocked.
 */
export function syncWindowBlocker(
  windows: readonly SyncWindow[],
  target: WindowTarget,
  now: Date,
  manual: boolean,
): string | undefined {
  const matching = windows.filter((window) => windowMatches(window, target));
  const activeDeny = matching.filter(
    (window) => window.kind === 'deny' && windowActive(window, now),
  );
  if (activeDeny.length > 0 && !(manual && activeDeny.every((window) => window.manualSync))) {
    const schedules = activeDeny.map((window) => `"${window.schedule}"`).join(', ');
    return `a deny sync window of the AppProject is active (schedule ${schedules})`;
  }

  const allows = matching.filter((window) => window.kind === 'allow');
  const activeAllow = allows.some((window) => windowActive(window, now));
  if (
    allows.length > 0 &&
    !activeAllow &&
    !(manual && allows.some((window) => window.manualSync))
  ) {
    return 'allow sync windows of the AppProject select this Application, but none is active now';
  }
  return undefined;
}

interface CronSchedule {
  readonly fields: readonly (ReadonlySet<number> | undefined)[];
}

/** Minute, hour, day of month, month, day of week (0 is Sunday) of a time in a time zone. */
type TimeFields = readonly [number, number, number, number, number];

const fieldRanges: readonly (readonly [number, number])[] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

const monthNames = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Names allowed in each cron field: month names in the fourth field, day names in the fifth. */
const cronFieldNames: readonly (readonly string[])[] = [[], [], [], monthNames, dayNames];

/** Parses five cron fields; a `*` field is stored as undefined, meaning any value. */
export function parseCron(text: string): CronSchedule | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) {
    return undefined;
  }
  const fields: (ReadonlySet<number> | undefined)[] = [];
  for (const [index, part] of parts.entries()) {
    const range = fieldRanges[index] ?? [0, 0];
    const names = cronFieldNames[index] ?? [];
    const values =
      part === '*' ? undefined : parseCronField(part, range, names, index === 3 ? 1 : 0);
    if (values === null) {
      return undefined;
    }
    fields.push(values);
  }
  return { fields };
}

function parseCronField(
  part: string,
  [low, high]: readonly [number, number],
  names: readonly string[],
  nameOffset: number,
): Set<number> | null {
  const values = new Set<number>();
  for (const item of part.split(',')) {
    const match = /^(\*|[\w]+)(?:-([\w]+))?(?:\/(\d+))?$/.exec(item.toLowerCase());
    if (match === null) {
      return null;
    }
    const start = match[1] === '*' ? low : toNumber(match[1] ?? '', names, nameOffset);
    const end =
      match[2] !== undefined
        ? toNumber(match[2], names, nameOffset)
        : match[1] === '*' || match[3] !== undefined
          ? high
          : start;
    const step = Number(match[3] ?? '1');
    if (start === undefined || end === undefined || start < low || end > high || step < 1) {
      return null;
    }
    for (let value = start; value <= end; value += step) {
      values.add(value);
    }
  }
  return values;
}

function toNumber(text: string, names: readonly string[], nameOffset: number): number | undefined {
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  const index = names.indexOf(text);
  return index === -1 ? undefined : index + nameOffset;
}

/** Standard cron: when both day fields are restricted, either one matching is enough. */
function cronMatches(schedule: CronSchedule, time: TimeFields): boolean {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = schedule.fields;
  const has = (set: ReadonlySet<number> | undefined, value: number) =>
    set === undefined || set.has(value);
  if (!has(minute, time[0]) || !has(hour, time[1]) || !has(month, time[3])) {
    return false;
  }

  const weekdayMatches = has(dayOfWeek, time[4]) || (time[4] === 0 && has(dayOfWeek, 7));
  if (dayOfMonth !== undefined && dayOfWeek !== undefined) {
    return has(dayOfMonth, time[2]) || weekdayMatches;
  }
  return has(dayOfMonth, time[2]) && weekdayMatches;
}

function zonedFields(time: Date, timeZone: string): TimeFields {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    minute: 'numeric',
    hour: 'numeric',
    day: 'numeric',
    month: 'numeric',
    weekday: 'short',
  });
  const parts = Object.fromEntries(
    format.formatToParts(time).map((part) => [part.type, part.value]),
  );
  const weekday = dayNames.indexOf((parts['weekday'] ?? '').toLowerCase());
  return [
    Number(parts['minute']),
    Number(parts['hour']),
    Number(parts['day']),
    Number(parts['month']),
    weekday,
  ];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
