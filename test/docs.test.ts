import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The docs travel with the package (npm `files` has docs/): every link in README.md and docs/*.md must
 * resolve inside the repository, and nothing may lean on the design notes that lived beside it.
 */
const REPO = resolve(import.meta.dirname, '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
// Spelled in two pieces so this file does not match its own search.
const OUTSIDE = ['..', 'shared'].join('/');

interface Link {
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

/** The Markdown text without fenced code blocks and inline code spans (kept as blanks, so lines still count). */
function proseOf(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return '';
    }
    if (marker !== undefined) {
      fence = marker;
      return '';
    }
    return line.replace(/(`+)[^`]*?\1/g, '');
  });
}

/** Inline links and images `[text](target "title")` and reference definitions `[id]: target`. */
function linksOf(file: string): Link[] {
  const links: Link[] = [];
  proseOf(readFileSync(join(REPO, file), 'utf8')).forEach((text, index) => {
    for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ file, line: index + 1, target: match[1] as string });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(text);
    if (definition?.[1] !== undefined) links.push({ file, line: index + 1, target: definition[1] });
  });
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | null = null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === null || marker[0] === fence[0])) {
      fence = fence === null ? marker : null;
      continue;
    }
    const heading = fence === null ? /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1] : undefined;
    if (heading === undefined) continue;
    const slug = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Why a relative link is broken, or null when it resolves inside the repository. */
function problemOf(link: Link): string | null {
  const [path = '', anchor] = link.target.split('#', 2);
  const target =
    path === '' ? join(REPO, link.file) : resolve(REPO, dirname(link.file), decodeURIComponent(path));
  const inside = relative(REPO, target);
  if (inside.startsWith('..') || inside.startsWith(sep)) return 'points outside the repository';
  if (!existsSync(target)) return 'no such file';
  if (anchor === undefined || anchor === '') return null;
  if (statSync(target).isDirectory() || !target.endsWith('.md'))
    return 'an anchor into something that is not Markdown';
  return anchorsOf(target).has(anchor.toLowerCase()) ? null : `no heading with anchor #${anchor}`;
}

/** Every file git knows here or would add (tracked, plus untracked ones not ignored). */
function repositoryFiles(): string[] {
  const listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return listing.split('\0').filter((file) => file !== '' && existsSync(join(REPO, file)));
}

/** Sections of docs/RUNTIME.md by number, from its `## N. Title` headings. */
function runtimeSections(): Set<number> {
  const text = readFileSync(join(REPO, 'docs/RUNTIME.md'), 'utf8');
  return new Set([...text.matchAll(/^## (\d+)\. /gm)].map((match) => Number(match[1])));
}

describe('the docs', () => {
  it('every relative link and anchor in README.md and docs/*.md resolves inside the repository', () => {
    const broken = DOCS.flatMap(linksOf)
      .filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.target))
      .flatMap((link) => {
        const problem = problemOf(link);
        return problem === null ? [] : [`${link.file}:${link.line}: ${link.target}: ${problem}`];
      });
    expect(broken).toEqual([]);
  });

  it('README.md links the runtime contract and the command surface', () => {
    const targets = linksOf('README.md').map((link) => link.target);
    expect(targets).toContain('docs/RUNTIME.md');
    expect(targets).toContain('docs/COMMANDS.md');
  });

  it('the runtime contract says its version, and keeps sections 1 to 10 of the design spec', () => {
    const text = readFileSync(join(REPO, 'docs/RUNTIME.md'), 'utf8');
    expect(text).toMatch(/^\*\*Contract version \d+\.\*\*/m);
    const sections = runtimeSections();
    for (let number = 1; number <= 10; number++) expect(sections).toContain(number);
  });

  it(`nothing outside .ci/ refers to ${OUTSIDE}`, () => {
    const offenders = repositoryFiles()
      .filter((file) => !file.startsWith('.ci/'))
      .filter((file) => readFileSync(join(REPO, file)).includes(OUTSIDE));
    expect(offenders).toEqual([]);
  });

  it('code and tests cite the contract as docs/RUNTIME.md or docs/COMMANDS.md, by sections that exist', () => {
    const sections = runtimeSections();
    const problems: string[] = [];
    const code = repositoryFiles().filter((file) => /^(src|test|bench|scripts)\//.test(file));
    for (const file of code) {
      readFileSync(join(REPO, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const where = `${file}:${index + 1}`;
          // A message users see; changing its words is a behaviour change, left to a code commit.
          if (line.includes('are not rule events (RUNTIME.md section 5)')) return;
          for (const match of line.matchAll(/(?<![\w/])(RUNTIME|COMMANDS)\.md/g)) {
            problems.push(`${where}: cites ${match[0]} without docs/`);
          }
          for (const match of line.matchAll(/docs\/RUNTIME\.md section (\d+)/g)) {
            if (!sections.has(Number(match[1])))
              problems.push(`${where}: docs/RUNTIME.md has no section ${match[1]}`);
          }
        });
    }
    expect(problems).toEqual([]);
  });

  it('every source, test, bench or script path the docs name exists', () => {
    const missing: string[] = [];
    for (const file of DOCS) {
      readFileSync(join(REPO, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          for (const match of line.matchAll(
            /(?<![\w./-])((?:src|test|bench|scripts)\/[\w./-]*\w\.[a-z]+)\b/g,
          )) {
            const path = match[1] as string;
            if (!existsSync(join(REPO, path))) missing.push(`${file}:${index + 1}: ${path}`);
          }
        });
    }
    expect(missing).toEqual([]);
  });
});
