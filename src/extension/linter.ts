import * as vscode from 'vscode';
import { AS_YOU_TYPE_MAX_CHARS, lintSop, type LintResult } from '../core/lint/lint';
import { ParseCache, type SopDocument } from '../core/sop/model';
import { isMarkdownPath, isSopFile } from '../core/sop/sopFiles';
import type { ConfigService } from './configFiles';
import { toDiagnostic } from './convert';
import { uriPath, type FileIndexService } from './fileIndex';
import { debounceMs, evidenceCopyPlacement, lintEnabled, outputFolder } from './settings';
import type { EvidenceHashes } from './evidenceHashes';
import { isApproved } from '../core/sop/approvalRecord';
import { skippedFoldersGlob } from '../core/workspace/port';
import { createVscodeWorkspace, workspaceRoot } from './vscodeWorkspace';
import { sopRunFacts } from '../core/usecases/runFacts';
import { exportedSkills, sopSkillFacts, type ExportedSkills } from '../core/usecases/skillFacts';
import { DEFAULT_SKILL_FOLDER } from '../core/skill/folders';
import { recordedEvidencePaths } from '../core/usecases/sop';
import type { SopRunFacts } from './runFacts';
import type { SopSkillFacts } from './skillFacts';
import { MissingPathCheck } from './missingPaths';

interface DocState {
  cache: ParseCache;
  version?: number;
  result?: LintResult;
  timer?: NodeJS.Timeout;
  /** Lints after an edit in a row that blocked the editor too long; at SLOW_LINTS it is linted on save instead. */
  slowLints?: number;
}

/** A lint after an edit slower than this blocks typing noticeably (the first lint of a document is always slower). */
const SLOW_LINT_MS = 500;
/** Slow lints in a row before a document is linted on save rather than as you type (one can be a GC pause). */
const SLOW_LINTS = 2;

/** Keeps the Problems view in step with every open SOP: on open, as you type, and when files or config change. */
export class LintController implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('sop-lint');
  private readonly states = new Map<string, DocState>();
  private readonly fromWorkspaceLint = new Set<string>();
  /** Documents being written by Draft SOP: linted once the draft is done, not while it streams. */
  private readonly paused = new Set<string>();

  pause(uri: vscode.Uri): void {
    this.paused.add(uri.toString());
  }

  resume(uri: vscode.Uri): void {
    this.paused.delete(uri.toString());
  }
  private readonly disposables: vscode.Disposable[] = [];
  /** What each SOP's run logs say about its steps (run-deviation); read in the background, never awaited here. */
  private runFacts?: SopRunFacts;
  /** Where each SOP's skill was exported and what changed there (skill-drift); read in the background too. */
  private skillFacts?: SopSkillFacts;
  /** Looks on disk for the paths missing-path reports, in case the file watcher missed them. */
  private readonly missingPaths: MissingPathCheck;

  constructor(
    private readonly files: FileIndexService,
    private readonly configs: ConfigService,
    private readonly docsUri: (rule: string) => vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly hashes?: EvidenceHashes,
  ) {
    this.missingPaths = new MissingPathCheck(files, log);
    this.disposables.push(
      this.diagnostics,
      this.missingPaths,
      vscode.workspace.onDidOpenTextDocument((d) => this.lintNow(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if ((this.states.get(d.uri.toString())?.slowLints ?? 0) >= SLOW_LINTS) this.lintNow(d);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sopBuilder')) this.lintOpen();
      }),
      files.onDidChange(() => this.lintOpen()),
      configs.onDidChange(() => this.lintOpen()),
      ...(hashes ? [hashes.onDidChange(() => this.lintOpen())] : []),
    );
  }

  /** Takes the run facts, and lints an open SOP again when its run logs have been read. */
  useRunFacts(runFacts: SopRunFacts): void {
    this.runFacts = runFacts;
    this.disposables.push(
      runFacts.onDidChange((uri) => {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (open) this.lintNow(open);
      }),
    );
  }

  /** Takes the skill facts, and lints an open SOP again when its skill folders have been read. */
  useSkillFacts(skillFacts: SopSkillFacts): void {
    this.skillFacts = skillFacts;
    this.disposables.push(
      skillFacts.onDidChange((uri) => {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (open) this.lintNow(open);
      }),
    );
  }

  /** After SOP Builder wrote a skill: its folders are read again now, not only when the file watcher reports them. */
  skillsWritten(): void {
    this.skillFacts?.skillsChanged();
  }

  /** After SOP Builder wrote to a run log of the SOP: its runs are read again now. */
  runsWritten(sop: vscode.Uri): void {
    this.runFacts?.runsWritten(sop);
  }

  /** Lints every open document again (after a file, setting or config change). */
  lintOpen(): void {
    for (const d of vscode.workspace.textDocuments) this.lintNow(d);
  }

  isSop(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') return false;
    if (document.languageId !== 'markdown' && !isMarkdownPath(document.uri.path)) return false;
    const { config } = this.configs.resolve(document.uri);
    const rel = vscode.workspace.asRelativePath(document.uri, false);
    return isSopFile(rel, document.getText(), config);
  }

  private schedule(document: vscode.TextDocument): void {
    if (this.paused.has(document.uri.toString())) return;
    const state = this.states.get(document.uri.toString());
    if (!state && !this.isSop(document)) return;
    const s = state ?? this.stateFor(document);
    if ((s.slowLints ?? 0) >= SLOW_LINTS) return;
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      s.timer = undefined;
      this.lintNow(document);
    }, debounceMs());
  }

  private stateFor(document: vscode.TextDocument): DocState {
    const key = document.uri.toString();
    let s = this.states.get(key);
    if (!s) this.states.set(key, (s = { cache: new ParseCache() }));
    return s;
  }

  /** The approval's evidence (and kept copies) not hashed yet are hashed now; the document is linted again when they are. */
  private requestEvidence(doc: SopDocument, uri: vscode.Uri, folder: vscode.WorkspaceFolder): void {
    if (!this.hashes || !isApproved(doc)) return;
    // With an evidence manifest this asks twice: first for the manifest, then (once it is read) for the files it lists.
    this.hashes.request(
      folder.uri,
      recordedEvidencePaths(doc, vscode.workspace.asRelativePath(uri, false), evidenceCopyPlacement(uri), this.hashes.known(folder.uri)),
    );
  }

  /** Lints a document now if it is an SOP (and clears its diagnostics if it no longer is). */
  lintNow(document: vscode.TextDocument): LintResult | undefined {
    if (document.isClosed || this.paused.has(document.uri.toString())) return undefined;
    const key = document.uri.toString();
    if (!lintEnabled(document.uri) || !this.isSop(document)) {
      if (this.states.delete(key) || this.diagnostics.has(document.uri)) this.diagnostics.delete(document.uri);
      this.missingPaths.forget(document.uri);
      return undefined;
    }
    const s = this.stateFor(document);
    const { config } = this.configs.resolve(document.uri);
    const started = performance.now();
    const text = document.getText();
    // An approved SOP's evidence is compared with its recorded hashes, once they are at hand.
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const result = lintSop({
      text,
      filePath: uriPath(document.uri),
      workspace: this.files.built ? this.files.index : undefined,
      config,
      cache: s.cache,
      // Linting runs on the extension host: a huge document gets one finding instead of blocking typing.
      maxChars: AS_YOU_TYPE_MAX_CHARS,
      evidence: folder && this.hashes ? this.hashes.known(folder.uri) : undefined,
      evidenceCopies: evidenceCopyPlacement(document.uri),
      root: folder ? workspaceRoot(folder.uri) : undefined,
      runs: this.runFacts?.known(document.uri),
      skills: this.skillFacts?.known(document.uri),
    });
    if (folder) this.requestEvidence(result.doc, document.uri, folder);
    this.runFacts?.request(document, result.doc);
    this.skillFacts?.request(document);
    const ms = performance.now() - started;
    if (ms > 100) this.log.debug(`Linted ${vscode.workspace.asRelativePath(document.uri)} in ${ms.toFixed(0)} ms`);
    if (s.version !== undefined) {
      s.slowLints = ms > SLOW_LINT_MS ? (s.slowLints ?? 0) + 1 : 0;
      if (s.slowLints === SLOW_LINTS) {
        this.log.info(`Linting ${vscode.workspace.asRelativePath(document.uri)} takes ${ms.toFixed(0)} ms: it is linted when saved rather than as you type.`);
      }
    }
    for (const f of result.failures) this.log.error(`Rule ${f.rule} failed on ${vscode.workspace.asRelativePath(document.uri)}: ${f.error}`);
    s.version = document.version;
    s.result = result;
    this.diagnostics.set(
      document.uri,
      result.issues.map((i) => toDiagnostic(i, this.docsUri)),
    );
    this.missingPaths.note(document.uri, result.issues);
    return result;
  }

  /** The lint result for the document's current text (linting it now if the last one is stale, unless it is slow). */
  resultFor(document: vscode.TextDocument): LintResult | undefined {
    const s = this.states.get(document.uri.toString());
    if (s?.result && s.version === document.version) return s.result;
    // A document linted on save is not linted again for a status bar or a quick-fix request while it is edited.
    if ((s?.slowLints ?? 0) >= SLOW_LINTS) return undefined;
    return this.lintNow(document);
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const s = this.states.get(key);
    if (s?.timer) clearTimeout(s.timer);
    this.states.delete(key);
    this.runFacts?.forget(document.uri);
    this.skillFacts?.forget(document.uri);
    this.missingPaths.forget(document.uri);
    // Findings from "Lint Workspace" stay in Problems, re-read from the saved file.
    if (this.fromWorkspaceLint.has(key)) void this.lintFile(document.uri, new Map());
    else this.diagnostics.delete(document.uri);
  }

  /** Lints a file from disk without opening it. Returns undefined when it is not an SOP. */
  async lintFile(uri: vscode.Uri, records?: Map<string, Promise<ExportedSkills>>): Promise<LintResult | undefined> {
    let text = '';
    let fullLength: number | undefined;
    try {
      // A file far over the limit is reported from its size alone: reading it would only fill memory.
      const { size } = await vscode.workspace.fs.stat(uri);
      if (size > AS_YOU_TYPE_MAX_CHARS * 4) fullLength = size;
      else text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch (e) {
      this.log.warn(`Could not read ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    const { config } = this.configs.resolve(uri);
    if (!isSopFile(vscode.workspace.asRelativePath(uri, false), text, config)) return undefined;
    const input = {
      text,
      fullLength,
      filePath: uriPath(uri),
      workspace: this.files.built ? this.files.index : undefined,
      config,
      maxChars: AS_YOU_TYPE_MAX_CHARS,
      runs: this.runFacts?.known(uri),
      skills: this.skillFacts?.known(uri),
    };
    let result = lintSop(input);
    // Lint Workspace reads what the run logs and the skill records say of SOPs nobody has open, as sop lint does.
    const folder = records && !fullLength ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    if (folder && records) {
      const facts = await this.factsOf(folder, uri, text, result.doc, records).catch(() => undefined);
      if (facts && (facts.runs || facts.skills)) result = lintSop({ ...input, runs: facts.runs ?? input.runs, skills: facts.skills ?? input.skills });
    }
    this.fromWorkspaceLint.add(uri.toString());
    this.diagnostics.set(
      uri,
      result.issues.map((i) => toDiagnostic(i, this.docsUri)),
    );
    return result;
  }

  /** The run facts and skill facts of a saved SOP; `records`: each folder's skill records, read once per command. */
  private async factsOf(folder: vscode.WorkspaceFolder, uri: vscode.Uri, text: string, doc: SopDocument, records: Map<string, Promise<ExportedSkills>>) {
    const ws = createVscodeWorkspace(folder.uri);
    const root = workspaceRoot(folder.uri);
    let skillRecords = records.get(root);
    if (!skillRecords)
      records.set(root, (skillRecords = exportedSkills(ws, root, { outFolder: outputFolder('skill.outputFolder', DEFAULT_SKILL_FOLDER, uri) })));
    const skills = await sopSkillFacts(ws, { root, relPath: vscode.workspace.asRelativePath(uri, false) }, { skills: await skillRecords });
    const runs = await sopRunFacts(ws, { root, path: uriPath(uri), text, doc });
    return { skills, runs: runs && runs.deviations.length > 0 ? runs : undefined };
  }

  /** An open SOP, linted with its run logs and skill folders read now, as Lint Workspace reads those of closed ones. */
  private async lintOpenFromDisk(document: vscode.TextDocument): Promise<LintResult | undefined> {
    this.runFacts?.invalidate(document.uri);
    this.skillFacts?.invalidate(document.uri);
    // Each lint starts the reads of what is out of date; a read that began before the invalidation ends out of
    // date, so the next lint starts one more. Three rounds at most.
    for (let round = 0; round < 3; round++) {
      const result = this.lintNow(document);
      const pending = [this.runFacts?.pending(document.uri), this.skillFacts?.pending(document.uri)].filter((p) => p !== undefined);
      if (!result || pending.length === 0) return result;
      await Promise.all(pending);
    }
    return this.lintNow(document);
  }

  /** SOP: Lint Workspace — every SOP in the workspace, with cancellable progress. */
  async lintWorkspace(): Promise<{ files: number; errors: number; warnings: number } | undefined> {
    await Promise.all([this.files.whenReady(), this.configs.whenReady()]);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'SOP Builder: linting SOPs', cancellable: true },
      async (progress, token) => {
        const candidates = await vscode.workspace.findFiles('**/*.{md,markdown}', skippedFoldersGlob(), undefined, token);
        let files = 0;
        let errors = 0;
        let warnings = 0;
        const records = new Map<string, Promise<ExportedSkills>>();
        for (const [i, uri] of candidates.entries()) {
          if (token.isCancellationRequested) return undefined;
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / candidates.length });
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          const result = open ? await this.lintOpenFromDisk(open) : await this.lintFile(uri, records);
          if (!result) continue;
          files++;
          errors += result.issues.filter((x) => x.severity === 'error').length;
          warnings += result.issues.filter((x) => x.severity === 'warning').length;
          if (i % 20 === 0) await new Promise((r) => setTimeout(r, 0));
        }
        return { files, errors, warnings };
      },
    );
  }

  dispose(): void {
    for (const s of this.states.values()) if (s.timer) clearTimeout(s.timer);
    for (const d of this.disposables) d.dispose();
  }
}
