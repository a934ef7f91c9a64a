import { describe, expect, it } from 'vitest';
import { readEnvConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/errors.js';
import { resolveSlackSettings } from '../../../src/sinks/slack/settings.js';

const env = (vars: Record<string, string> = {}) => readEnvConfig({ HOME: '/tmp/home', ...vars });
const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXXSECRET';

describe('resolveSlackSettings', () => {
  it('takes SLACK_WEBHOOK_URL, with defaults of 30 min, top 3, 10 s', () => {
    expect(resolveSlackSettings({}, env({ SLACK_WEBHOOK_URL: SLACK_URL }))).toEqual({
      webhookUrl: SLACK_URL,
      cooldownMinutes: 30,
      top: 3,
      force: false,
      timeoutMs: 10_000,
      warnings: [],
    });
  });

  it('prefers --slack-webhook over the environment', () => {
    const settings = resolveSlackSettings({ slackWebhook: 'https://hooks.slack.com/services/OTHER' }, env({ SLACK_WEBHOOK_URL: SLACK_URL }));
    expect(settings.webhookUrl).toBe('https://hooks.slack.com/services/OTHER');
  });

  it('names SLACK_WEBHOOK_URL when no webhook is configured', () => {
    expect(() => resolveSlackSettings({}, env())).toThrow(ConfigError);
    expect(() => resolveSlackSettings({}, env())).toThrow(/SLACK_WEBHOOK_URL/);
  });

  it.each(['http://hooks.slack.com/services/T/B/X', 'ftp://hooks.slack.com/x', 'http://10.0.0.5/hook', 'http://example.com/hook'])(
    'refuses %s: neither https nor loopback',
    (url) => {
      expect(() => resolveSlackSettings({}, env({ SLACK_WEBHOOK_URL: url }))).toThrow(/must be an https:\/\/ URL/);
    },
  );

  it('does not echo the secret URL in its errors', () => {
    try {
      resolveSlackSettings({}, env({ SLACK_WEBHOOK_URL: 'http://example.com/services/T/B/SECRETTOKEN' }));
    } catch (error) {
      expect((error as Error).message).not.toContain('SECRETTOKEN');
    }
    expect(() => resolveSlackSettings({}, env({ SLACK_WEBHOOK_URL: 'not a url SECRETTOKEN' }))).toThrow(/^SLACK_WEBHOOK_URL is not a valid URL/);
  });

  it.each(['http://127.0.0.1:8080/services/T/B/X', 'http://localhost:1/x', 'http://[::1]:9/x'])('accepts loopback http %s silently', (url) => {
    expect(resolveSlackSettings({}, env({ SLACK_WEBHOOK_URL: url })).warnings).toEqual([]);
  });

  it('warns, without refusing, about a host that is not Slack', () => {
    const settings = resolveSlackSettings({}, env({ SLACK_WEBHOOK_URL: 'https://mattermost.example/hooks/abc' }));
    expect(settings.warnings).toEqual([
      'the Slack webhook host is mattermost.example, not hooks.slack.com; sending anyway (Slack-compatible receiver?)',
    ]);
  });

  it('checks --slack-top and CLOUDSENTRY_SLACK_TIMEOUT', () => {
    const e = env({ SLACK_WEBHOOK_URL: SLACK_URL });
    expect(() => resolveSlackSettings({ slackTop: 0 }, e)).toThrow(/--slack-top/);
    expect(() => resolveSlackSettings({ slackTop: 2.5 }, e)).toThrow(/--slack-top/);
    expect(resolveSlackSettings({ slackTop: 5, slackCooldown: 0, force: true }, e)).toMatchObject({ top: 5, cooldownMinutes: 0, force: true });
    expect(resolveSlackSettings({}, env({ SLACK_WEBHOOK_URL: SLACK_URL, CLOUDSENTRY_SLACK_TIMEOUT: '0.5' })).timeoutMs).toBe(500);
    expect(() => resolveSlackSettings({}, env({ SLACK_WEBHOOK_URL: SLACK_URL, CLOUDSENTRY_SLACK_TIMEOUT: 'soon' }))).toThrow(/CLOUDSENTRY_SLACK_TIMEOUT/);
  });
});
