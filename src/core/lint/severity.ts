export type Severity = 'error' | 'warning' | 'info';
/** 'on' is the rule's default severity (what `true` means in a config file). */
export type SeveritySetting = Severity | 'off' | 'on';
