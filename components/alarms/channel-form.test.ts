import { describe, expect, it } from 'vitest';
import { channelInputOf, channelTarget, EMPTY_CHANNEL_FORM, formOfChannel, splitList } from './channel-form';

describe('the channel form', () => {
  it('builds an e-mail channel, with an empty secret when no password is given on create', () => {
    const input = channelInputOf({ ...EMPTY_CHANNEL_FORM, name: ' night ', host: 'smtp.example', port: '25', from: 'vz@example', to: 'a@example, b@example\nc@example', tags: 'fra1, ssd', batchMinutes: '10' }, false);
    expect(input).toEqual({
      name: 'night', kind: 'email', minSeverity: 'warning', tags: ['fra1', 'ssd'], enabled: true, batchMinutes: 10,
      config: { host: 'smtp.example', port: 25, secure: false, from: 'vz@example', to: ['a@example', 'b@example', 'c@example'] },
      secret: {},
    });
  });

  it('leaves the secret out of an edit whose secret fields are empty, so the stored one is kept', () => {
    const edit = formOfChannel({ name: 'hook', kind: 'webhook', config: { url: 'https://h.example/in' }, minSeverity: 'critical', tags: [], enabled: false, batchMinutes: 0 });
    expect(edit.hmacSecret).toBe('');
    expect(channelInputOf(edit, true)).not.toHaveProperty('secret');
    expect(channelInputOf({ ...edit, hmacSecret: 'a-new-secret-of-length' }, true).secret).toEqual({ hmacSecret: 'a-new-secret-of-length' });
    const mail = formOfChannel({ name: 'm', kind: 'email', config: { host: 'h', port: 25, secure: false, from: 'f@x', to: ['t@x'] }, minSeverity: 'info', tags: ['a'], enabled: true, batchMinutes: 5 });
    expect(channelInputOf(mail, true)).not.toHaveProperty('secret');
    expect(channelInputOf(mail, true).config).toEqual({ host: 'h', port: 25, secure: false, from: 'f@x', to: ['t@x'] });
  });

  it('puts Slack URLs and Telegram bot tokens in the secret, not the config', () => {
    const slack = channelInputOf({ ...EMPTY_CHANNEL_FORM, kind: 'slack', name: 's', flavour: 'mattermost', webhookUrl: 'https://mm.example/hooks/xyz' }, false);
    expect(slack).toMatchObject({ config: { flavour: 'mattermost' }, secret: { url: 'https://mm.example/hooks/xyz' } });
    const tg = channelInputOf({ ...EMPTY_CHANNEL_FORM, kind: 'telegram', name: 't', chatId: '-100123', botToken: '123:abc' }, false);
    expect(tg).toMatchObject({ config: { chatId: '-100123', apiBase: 'https://api.telegram.org' }, secret: { botToken: '123:abc' } });
    expect(channelTarget({ kind: 'slack', config: { flavour: 'mattermost' } })).toBe('Mattermost incoming webhook');
  });

  it('turns non-numbers into NaN for the server to refuse, and splits lists on commas and lines', () => {
    expect(channelInputOf({ ...EMPTY_CHANNEL_FORM, port: '25; rm', batchMinutes: '1e3' }, false)).toMatchObject({ batchMinutes: Number.NaN, config: { port: Number.NaN } });
    expect(splitList(' a ,, b\n\nc ')).toEqual(['a', 'b', 'c']);
  });
});
