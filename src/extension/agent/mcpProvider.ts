import * as vscode from 'vscode';

/**
 * Offers `sop mcp` to VS Code's own MCP support, one server per workspace folder, so agents that use MCP (and
 * not VS Code's tool API) get the same tools. The provider API arrived in VS Code 1.101: on an older editor
 * nothing is registered and docs/mcp.md says how to add the server by hand.
 */

export const MCP_PROVIDER_ID = 'sopBuilder.mcp';

interface McpApi {
  registerMcpServerDefinitionProvider?(id: string, provider: { provideMcpServerDefinitions(): unknown[] }): vscode.Disposable;
}
type StdioDefinition = new (label: string, command: string, args: string[], env?: Record<string, string>, version?: string) => unknown;

export function registerSopMcpServer(context: vscode.ExtensionContext): vscode.Disposable[] {
  const lm = vscode.lm as unknown as McpApi;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: StdioDefinition }).McpStdioServerDefinition;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function' || !Definition) return [];
  const cli = vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath;
  const version = String(context.extension.packageJSON.version ?? '');
  // VS Code 1.100 had this API under another contribution name (both are in package.json); whatever an editor's
  // version says of it, linting and the commands must still activate.
  try {
    return [register(lm as Required<McpApi>, Definition, cli, version)];
  } catch {
    return [];
  }
}

function register(lm: Required<McpApi>, Definition: StdioDefinition, cli: string, version: string): vscode.Disposable {
  return lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
    provideMcpServerDefinitions: () =>
      (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        // The editor's own runtime runs the CLI as node: nothing else needs to be installed.
        .map(
          (f) => new Definition(`SOP Builder (${f.name})`, process.execPath, [cli, 'mcp', '--workspace', f.uri.fsPath], { ELECTRON_RUN_AS_NODE: '1' }, version),
        ),
  });
}
