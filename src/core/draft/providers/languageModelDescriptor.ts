import type { ProviderDescriptor } from './descriptor';

/**
 * A chat model from VS Code's language model API (Copilot and other chat extensions). It needs
 * `vscode`, so core only describes it: the editor passes its factory (src/extension/lmProvider.ts).
 */
export const LANGUAGE_MODEL_PROVIDER: ProviderDescriptor = {
  id: 'vscode-lm',
  label: "VS Code's language model",
  description: "A chat model from VS Code's language model API",
  capabilities: { needsKey: false, takesImages: false, streams: true, runsInEditorOnly: true, isModel: true },
  destination: (_s, provider) => `VS Code's language model ${provider.model}`,
};
