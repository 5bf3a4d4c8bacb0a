/**
 * Whether a jq filter only computes over the JSON it is given. jq cannot run programs or write files, but
 * some builtins read more than the input: the runner's environment (`env`, `$ENV`), other inputs, modules,
 * the program's own location. A filter may use only the pure builtins below.
 */

const MAX_FILTER_LENGTH = 500;

const PURE_BUILTINS = new Set(
  `length utf8bytelength not keys keys_unsorted values has in map map_values path paths leaf_paths del delpaths getpath setpath
  to_entries from_entries with_entries select empty error add any all flatten range floor ceil round sqrt pow log fabs abs
  tostring tonumber type infinite nan isinfinite isnan isnormal sort sort_by group_by min max min_by max_by unique unique_by
  reverse contains inside startswith endswith combinations ltrimstr rtrimstr trim ltrim rtrim explode implode split join
  ascii_downcase ascii_upcase ascii recurse tojson fromjson todate fromdate now todateiso8601 fromdateiso8601 strftime strptime
  mktime gmtime test match capture scan splits sub gsub first last nth limit until while isvalid tostream fromstream
  truncate_stream arrays objects iterables booleans numbers strings nulls scalars indices index rindex walk transpose
  if then elif else end as reduce foreach try catch and or true false null`.split(/\s+/),
);
const FORMATS = new Set(['@csv', '@tsv', '@json', '@text', '@base64', '@base64d', '@uri', '@html']);

/** Why a jq filter may reach beyond its input, or undefined when it only computes. */
export function jqFilterProblem(filter: string): string | undefined {
  if (filter.length > MAX_FILTER_LENGTH) return `the jq filter is longer than ${MAX_FILTER_LENGTH} characters`;
  /** Open brackets, to tell an object key (`{id: …}`) from a name that is evaluated. */
  const open: string[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i];
    if (c === '"') {
      let j = i + 1;
      while (j < filter.length && filter[j] !== '"') {
        if (filter[j] === '\\' && filter[j + 1] === '(') return 'the jq filter runs code inside a string (`\\(…)`)';
        j += filter[j] === '\\' ? 2 : 1;
      }
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      i += /^[0-9]{1,40}(?:\.[0-9]{0,40})?(?:[eE][+-]?[0-9]{1,5})?/.exec(filter.slice(i, i + 90))![0].length;
    } else if (c === '#') {
      return 'the jq filter has a comment (`#`)';
    } else if (c === '$' || c === '@' || /[A-Za-z_]/.test(c)) {
      const m = /^[$@]?[A-Za-z_][A-Za-z0-9_]{0,63}/.exec(filter.slice(i, i + 66));
      const name = m?.[0] ?? c;
      const after = filter.slice(i + name.length, i + name.length + 20).trimStart();
      const key = open[open.length - 1] === '{' && /[{,]$/.test(filter.slice(Math.max(0, i - 20), i).trimEnd()) && /^:(?!:)/.test(after);
      const field = filter[i - 1] === '.' || (c !== '$' && c !== '@' && key);
      if (after.startsWith('::')) return `the jq filter loads a module (\`${name}::\`)`;
      if (c === '$' && (name === '$ENV' || name.startsWith('$__'))) return `the jq filter reads \`${name}\`, which is not in its input`;
      if (c === '@' && !FORMATS.has(name)) return `the jq filter uses the format \`${name}\`, which is not on the list of plain output formats`;
      if (c !== '$' && c !== '@' && !field && !PURE_BUILTINS.has(name))
        return `the jq filter uses \`${name}\`, which is not on the list of jq builtins that only compute over the input`;
      i += name.length;
    } else {
      if (c === '{' || c === '[' || c === '(') open.push(c);
      else if (c === '}' || c === ']' || c === ')') open.pop();
      i++;
    }
  }
  return undefined;
}
