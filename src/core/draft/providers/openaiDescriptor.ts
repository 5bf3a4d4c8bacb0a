import type { ProviderDescriptor } from './descriptor';

const OPENAI_ENDPOINT = 'https://api.openai.com/v1';

export const OPENAI_PROVIDER: ProviderDescriptor = {
  id: 'openai',
  label: 'the OpenAI-compatible endpoint',
  description: 'Any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, LM Studio, vLLM)',
  capabilities: { needsKey: true, takesImages: true, streams: true, runsInEditorOnly: false, isModel: true },
  keyEnvVar: 'OPENAI_API_KEY',
  setUpIn: (s) => !!(s.apiKey || s.baseUrl),
  destination: (s) => s.baseUrl || OPENAI_ENDPOINT,
  // The OpenAI SDK loads when a draft asks for this provider, not with the provider list (the linter's path).
  create: async (s) =>
    (await import('./openai')).createOpenAIProvider({
      apiKey: s.apiKey,
      baseURL: s.baseUrl || undefined,
      model: s.model || 'gpt-4o-mini',
      timeoutMs: s.timeoutMs,
      log: s.log,
      onRetry: s.onRetry,
    }),
};
