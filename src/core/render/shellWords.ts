/** A build-options string that cannot be split, such as one with an unclosed quote. */
export class ShellWordsError extends Error {}

/**
 * Splits a command-line string into words the way a POSIX shell would, without running one.
 * Whitespace separates words and single quotes keep text literally. Double quotes keep text
 * but honour `\"`, `\\`, `\$` and `` \` ``. An unquoted backslash escapes the next character.
 * Variables, globs and command substitution are not expanded.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;

  while (i < text.length) {
    const char = text.charAt(i);
    if (char === "'") {
      const end = closingQuote(text, i, "'");
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (char === '"') {
      const [value, end] = readDoubleQuoted(text, i);
      word += value;
      inWord = true;
      i = end + 1;
    } else if (char === '\\') {
      word += text.charAt(i + 1);
      inWord = true;
      i += 2;
    } else if (/\s/.test(char)) {
      if (inWord) {
        words.push(word);
      }
      word = '';
      inWord = false;
      i++;
    } else {
      word += char;
      inWord = true;
      i++;
    }
  }

  if (inWord) {
    words.push(word);
  }
  return words;
}

function closingQuote(text: string, start: number, quote: string): number {
  const end = text.indexOf(quote, start + 1);
  if (end === -1) {
    throw new ShellWordsError(`unclosed ${quote} quote at column ${start + 1} in "${text}"`);
  }
  return end;
}

/** Returns the unescaped content of a double-quoted run and the index of its closing quote. */
function readDoubleQuoted(text: string, start: number): [string, number] {
  let value = '';
  let i = start + 1;

  while (i < text.length) {
    const char = text.charAt(i);
    if (char === '"') {
      return [value, i];
    }
    const next = text.charAt(i + 1);
    if (char === '\\' && '"\\$`'.includes(next) && next !== '') {
      value += next;
      i += 2;
    } else {
      value += char;
      i++;
    }
  }

  throw new ShellWordsError(`unclosed " quote at column ${start + 1} in "${text}"`);
}
