import type { ProviderDescriptor } from './descriptor';

export const OFFLINE_PROVIDER: ProviderDescriptor = {
  id: 'offline',
  label: 'the offline drafter',
  description: 'The built-in offline drafter: no key, no network',
  capabilities: { needsKey: false, takesImages: false, streams: false, runsInEditorOnly: false, isModel: false },
  destination: () => 'nowhere: the offline drafter runs on this machine',
  // The drafter loads with the first draft, not with the provider list.
  create: async () => (await import('./offline')).createOfflineProvider(),
};
