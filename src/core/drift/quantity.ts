import { patternCovers } from './jsonPointer';

/** An exact amount as a fraction, so `0.1` and `100m` compare equal without rounding. */
interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const decimalSuffixes: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const quantityPattern = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/**
 * Parses a Kubernetes resource quantity (`500m`, `1.5Gi`, `1e3`, or a YAML number) into an exact
 * fraction. Returns undefined for anything else.
 */
export function parseQuantity(value: string | number): Fraction | undefined {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = quantityPattern.exec(text);
  if (match === null) {
    return undefined;
  }

  const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
  if (whole === '' && fraction === '') {
    return undefined;
  }

  let numerator = BigInt(whole + fraction === '' ? '0' : whole + fraction);
  let denominator = 10n ** BigInt(fraction.length);
  if (sign === '-') {
    numerator = -numerator;
  }
  return scale({ numerator, denominator }, suffix);
}

function numberText(value: number): string {
  // Number#toString gives exponent notation (`1e+21`, `5e-7`) for very large or small values,
  // which the pattern accepts once the `+` is gone.
  return String(value).replace('e+', 'e');
}

function scale(amount: Fraction, suffix: string): Fraction | undefined {
  const binary = binarySuffixes[suffix];
  if (binary !== undefined) {
    return { numerator: amount.numerator * 2n ** BigInt(binary), denominator: amount.denominator };
  }

  const exponent =
    suffix.startsWith('e') || suffix.startsWith('E')
      ? Number(suffix.slice(1))
      : decimalSuffixes[suffix];
  if (exponent === undefined) {
    return undefined;
  }
  if (exponent >= 0) {
    return {
      numerator: amount.numerator * 10n ** BigInt(exponent),
      denominator: amount.denominator,
    };
  }
  return {
    numerator: amount.numerator,
    denominator: amount.denominator * 10n ** BigInt(-exponent),
  };
}

/** Tells whether two values are the same quantity; false when either is not a quantity. */
export function quantitiesEqual(left: string | number, right: string | number): boolean {
  const a = parseQuantity(left);
  const b = parseQuantity(right);
  if (a === undefined || b === undefined) {
    return false;
  }
  return a.numerator * b.denominator === b.numerator * a.denominator;
}

/**
 * Path patterns (JSON pointer segments, `*` for any one segment) of fields that hold quantities
 * in built-in kinds, matched at the end of a path. `resources/requests|limits/*` also matches
 * custom resources that copy the container resources layout.
 */
const quantityTails: readonly (readonly string[])[] = [
  ['resources', 'requests', '*'],
  ['resources', 'limits', '*'],
  ['overhead', '*'],
  ['emptyDir', 'sizeLimit'],
  ['hard', '*'],
  ['capacity', '*'],
  ['allocatable', '*'],
  ['limits', '*', 'max', '*'],
  ['limits', '*', 'min', '*'],
  ['limits', '*', 'default', '*'],
  ['limits', '*', 'defaultRequest', '*'],
  ['limits', '*', 'maxLimitRequestRatio', '*'],
];

/**
 * Tells whether the field at `path` holds a quantity: by the built-in tails above, or by one of
 * `extraPatterns` (whole-path patterns, as for custom resources whose operators rewrite quantities).
 */
export function isQuantityPath(
  path: readonly string[],
  extraPatterns: readonly (readonly string[])[] = [],
): boolean {
  for (const tail of quantityTails) {
    if (path.length >= tail.length && patternCovers(tail, path.slice(path.length - tail.length))) {
      return true;
    }
  }
  return extraPatterns.some(
    (pattern) => pattern.length === path.length && patternCovers(pattern, path),
  );
}
