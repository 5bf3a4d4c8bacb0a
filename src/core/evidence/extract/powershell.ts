import type { ScriptFacts } from '../types';
import { blankComments, blocksOf, closeOf, guardOf } from './codeText';
import {
  addExit,
  addThreshold,
  addUnique,
  comparesAgainstLimit,
  emptyScriptFacts,
  isNumberLiteral,
  LIMIT_NAME,
  lineNumbers,
  usageAndDescription,
} from './scriptFacts';

/** Facts from PowerShell scripts: comment-based help, param(), cmdlets and programs, limits and exits. */

const QUIET =
  /^(?:Write-(?:Host|Output|Verbose|Warning|Error|Information|Debug|Progress)|Get-Date|Start-Sleep|Set-StrictMode|Import-Module|Set-Location|Push-Location|Pop-Location|New-Object|Select-Object|Where-Object|ForEach-Object|Sort-Object|Measure-Object|Group-Object|Format-\w+|Out-Null|Out-Host|Test-Path|Join-Path|Split-Path|Resolve-Path|Get-Item|Get-ChildItem)$/i;
const PROGRAMS = /^(?:python\d?|py|node|psql|sqlcmd|bcp|robocopy|xcopy|git|az|aws|curl|dotnet|npm|npx|Rscript|java|msbuild|7z)(?:\.exe)?$/i;
const READERS = /^(?:Import-Csv|Get-Content|Import-Excel|Import-Clixml|ConvertFrom-Json)$/i;
const WRITERS = /^(?:Export-Csv|Out-File|Set-Content|Add-Content|Export-Excel|Export-Clixml)$/i;

/** `"reports\$Month\summary.csv"` → `reports/$Month/summary.csv`: quotes off, variables kept as written. */
function psValue(word: string | undefined): string | undefined {
  if (!word) return undefined;
  const w = word.trim().replace(/^["']|["']$/g, '');
  return w && !w.startsWith('-') ? w.replace(/\\/g, '/') : undefined;
}

function psWords(line: string): string[] {
  return line.match(/"(?:[^"`]|`.)*"|'[^']*'|[^\s|;]+/g) ?? [];
}

function namedOrFirst(words: string[], names: RegExp): string | undefined {
  for (let i = 1; i < words.length; i++) if (names.test(words[i])) return words[i + 1];
  return words.slice(1).find((w) => !w.startsWith('-'));
}

/** The sections of the first comment-based help block (`.SYNOPSIS`, `.EXAMPLE`, …), read line by line. */
function helpSections(text: string): Map<string, string> | undefined {
  const open = text.indexOf('<#');
  const close = open < 0 ? -1 : text.indexOf('#>', open + 2);
  if (close < 0) return undefined;
  const sections = new Map<string, string>();
  let name: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (name && !sections.has(name)) sections.set(name, body.join('\n').trim());
  };
  for (const line of text.slice(open + 2, close).split('\n')) {
    const head = /^\s*\.([A-Za-z]+)\b/.exec(line);
    if (head) {
      flush();
      name = head[1].toUpperCase();
      body = [];
    } else body.push(line);
  }
  flush();
  return sections;
}

export function extractPowerShell(text: string, path: string): ScriptFacts {
  const facts = emptyScriptFacts('powershell');
  const code = blankComments(text, 'powershell');
  const lineOf = lineNumbers(text);

  const help = helpSections(text);
  if (help) {
    const section = (name: string) => help.get(name);
    const synopsis = section('SYNOPSIS') ?? section('DESCRIPTION');
    if (synopsis)
      facts.description = synopsis
        .split(/\n\s*\n/)[0]
        .replace(/\s+/g, ' ')
        .trim();
    const example = section('EXAMPLE');
    if (example)
      facts.usage = example
        .split(/\r?\n/)[0]
        .replace(/^PS[^>]*>\s*/, '')
        .trim();
  } else {
    const header: string[] = [];
    for (const l of text.split(/\r?\n/)) {
      const m = l.match(/^\s*#\s?(.*)$/);
      if (!m) break;
      header.push(m[1]);
    }
    Object.assign(facts, usageAndDescription(header));
  }

  const param = code.match(/\bparam\s*\(/i);
  const required: string[] = [];
  if (param) {
    const open = param.index! + param[0].length - 1;
    // Once per script, and param() blocks with help attributes run long: a wider span.
    const body = code.slice(open + 1, closeOf(code, open, 100_000));
    // Type names are [int], [string[]], [System.IO.FileInfo]: a class holding both brackets made this exponential.
    for (const m of body.matchAll(/(\[Parameter\([^)]*\)\]\s*)?(?:\[[\w.]+(?:\[\])?\]\s*)*\$(\w+)(?:\s*=\s*([^,\n)]+))?/gi)) {
      addUnique(facts.arguments, `-${m[2]}`);
      if (m[1] && /Mandatory(?:\s*=\s*\$true)?/i.test(m[1])) required.push(`-${m[2]} <${m[2]}>`);
      const def = m[3]?.trim();
      if (def && isNumberLiteral(def) && LIMIT_NAME.test(m[2])) addThreshold(facts, `-${m[2]} default ${def}`, lineOf(open + 1 + m.index!));
    }
  }

  const lines = code.split('\n');
  const blocks = blocksOf(code);
  let offset = 0;
  let lastMessage: { text: string; pos: number } | undefined;
  for (let i = 0; i < lines.length; offset += lines[i].length + 1, i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const no = i + 1;
    if (/^\$ErrorActionPreference\s*=\s*['"]Stop['"]/i.test(line)) addExit(facts, { text: `${line}: stops at the first error`, line: no });
    const constant = line.match(/^\$(\w+)\s*=\s*([-\d.]+)\s*$/);
    if (constant && isNumberLiteral(constant[2]) && (LIMIT_NAME.test(constant[1]) || /^[A-Z][A-Z0-9_]+$/.test(constant[1])))
      addThreshold(facts, `$${constant[1]} = ${constant[2]}`, no);
    for (const m of line.matchAll(/\b(?:if|elseif|while)\s*\(/gi)) {
      const open = m.index! + m[0].length - 1;
      const cond = line.slice(open + 1, closeOf(line, open));
      for (const clause of cond.split(/-and|-or/i)) if (comparesAgainstLimit(clause)) addThreshold(facts, clause.trim(), no);
    }
    for (const m of line.matchAll(/\$env:(\w+)/gi)) addUnique(facts.arguments, `$env:${m[1]} (environment)`);

    for (const stmt of line.split(/[|;{}]/)) {
      const words = psWords(stmt.trim().replace(/^\$[\w:.]+\s*=\s*/, ''));
      if (words.length === 0) continue;
      let cmd = words[0];
      if (cmd === '&' || cmd === '.') cmd = psValue(words[1]) ?? cmd;
      if (/^Write-(?:Host|Error|Warning|Output)$/i.test(cmd) && words[1])
        lastMessage = { text: psValue(words.slice(1).find((w) => !w.startsWith('-')))!, pos: offset };
      if (/^exit$/i.test(cmd)) {
        const code_ = words[1] && /^\d+$/.test(words[1]) ? Number(words[1]) : words[1] ? undefined : 0;
        const guard = guardOf(blocks, offset + lines[i].indexOf('exit'), lines[i]);
        if (code_ === 0 && !guard) continue;
        const message = lastMessage && lastMessage.pos >= (guard?.start ?? offset) - 200 ? lastMessage.text : undefined;
        addExit(facts, { code: code_, text: [guard?.text, message ? `"${message}"` : undefined].filter(Boolean).join(' — ') || 'exits', line: no });
        continue;
      }
      if (/^throw$/i.test(cmd)) {
        const guard = guardOf(blocks, offset + lines[i].indexOf('throw'), lines[i]);
        addExit(facts, { text: [guard?.text, `throw ${psValue(words[1]) ?? ''}`.trim()].filter(Boolean).join(' — '), line: no });
        continue;
      }
      if (READERS.test(cmd)) addUnique(facts.inputs, psValue(namedOrFirst(words, /^-(?:Path|LiteralPath)$/i)));
      if (WRITERS.test(cmd)) addUnique(facts.outputs, psValue(namedOrFirst(words, /^-(?:Path|LiteralPath|FilePath)$/i)));
      if (/^(?:Copy-Item|Move-Item)$/i.test(cmd)) {
        const plain = words.slice(1).filter((w, k, all) => !w.startsWith('-') && !/^-(?:Path|Destination)$/i.test(all[k - 1] ?? ''));
        addUnique(facts.inputs, psValue(namedOrFirst(words, /^-(?:Path|LiteralPath)$/i)));
        const destAt = words.findIndex((w) => /^-Destination$/i.test(w));
        addUnique(facts.outputs, psValue(destAt >= 0 ? words[destAt + 1] : plain[1]));
      }
      const redirect = stmt.match(/(?<![-\w])>>?\s*("[^"]{1,500}"|'[^']{1,500}'|\S{1,500})\s*$/);
      if (redirect && !/^\$null$/i.test(redirect[1])) addUnique(facts.outputs, psValue(redirect[1]));
      if ((/^[A-Z][a-z]+-[A-Z]\w+$/.test(cmd) && !QUIET.test(cmd)) || PROGRAMS.test(cmd) || (words[0] === '&' && cmd !== '&')) {
        addUnique(facts.commands, words.join(' '));
      }
    }
  }
  if (!facts.usage) facts.usage = ['pwsh', path, ...required].join(' ');
  return facts;
}
