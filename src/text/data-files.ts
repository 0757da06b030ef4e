// Reading the language data files in src/text/sv/ (plain text and JSON, UTF-8).
import { readFileSync } from 'node:fs';

function dataUrl(name: string): URL {
  return new URL(`./sv/${name}`, import.meta.url);
}

/** The raw text of a data file in src/text/sv/. */
export function readDataText(name: string): string {
  return readFileSync(dataUrl(name), 'utf8');
}

/** A parsed JSON data file in src/text/sv/. */
export function readDataJson<T>(name: string): T {
  return JSON.parse(readDataText(name)) as T;
}

/**
 * The non-empty lines of a plain-text data file, NFC-normalised and trimmed, without comments.
 * A comment starts with "#" at the start of a line or after whitespace.
 */
export function readDataLines(name: string): string[] {
  const out: string[] = [];
  for (const raw of readDataText(name).split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim().normalize('NFC');
    if (line) out.push(line);
  }
  return out;
}
