/** How bad an alarm is; channels route by the lowest severity they take. */
export const ALARM_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

/** Where alarm messages can go. */
export const CHANNEL_KINDS = ['email', 'webhook', 'slack', 'telegram'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
