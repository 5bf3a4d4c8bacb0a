import { checkPath, isAbsolutePath } from '../../workspace/checkPath';
import type { Rule } from '../types';
import { pathFilter, workdirsOf } from './missing-path';

export const pathOutsideWorkspace: Rule = {
  id: 'path-outside-workspace',
  aliases: ['SOP005', 'absolute-path'],
  description: 'Paths are relative and stay inside the workspace, so the SOP works on everyone’s machine; SOP Builder never reads outside it.',
  defaultSeverity: 'warning',
  check(ctx) {
    const { doc, workspace, filePath } = ctx;
    const keep = pathFilter(ctx);
    return doc.paths.filter(keep).flatMap((m) => {
      const absolute = isAbsolutePath(m.value);
      const status = absolute ? 'absolute' : workspace && workspace.roots.length > 0 ? checkPath(m.value, filePath, workspace, workdirsOf(ctx)).status : 'unknown';
      if (status === 'absolute') {
        return [
          {
            range: m.range,
            message: `"${m.value}" is an absolute path: it only works on one machine, and SOP Builder does not read it. Use a path relative to the workspace.`,
          },
        ];
      }
      if (status === 'outside') {
        return [
          {
            range: m.range,
            message: `"${m.value}" points outside the workspace, so SOP Builder does not read it. Move the file into the workspace, or say in words where it lives.`,
          },
        ];
      }
      return [];
    });
  },
};
