import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { agentConfigFrom } from '../../src/lambda/config.js';

describe('agent configuration from the environment the template sets', () => {
  it('applies the documented defaults', () => {
    expect(agentConfigFrom({ CLOUDSENTRY_TABLE: 'cloudsentry-StateTable-1' })).toEqual({
      tableName: 'cloudsentry-StateTable-1',
      provider: 'anthropic',
      cooldownMinutes: 30,
      llmCallsPerMinute: 20,
      slackTop: 3,
    });
  });

  it('reads every variable', () => {
    expect(
      agentConfigFrom({
        CLOUDSENTRY_TABLE: 't1',
        CLOUDSENTRY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:s-AbCdEf',
        CLOUDSENTRY_PROVIDER: 'Bedrock',
        CLOUDSENTRY_MODEL: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
        CLOUDSENTRY_COOLDOWN_MINUTES: '0',
        CLOUDSENTRY_LLM_CALLS_PER_MINUTE: '0',
        CLOUDSENTRY_SLACK_TOP: '10',
        CLOUDSENTRY_OWN_LOG_GROUP: '/aws/lambda/cloudsentry-agent',
        AWS_REGION: 'eu-west-1',
      }),
    ).toEqual({
      tableName: 't1',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:s-AbCdEf',
      provider: 'bedrock',
      model: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
      cooldownMinutes: 0,
      llmCallsPerMinute: 0,
      slackTop: 10,
      ownLogGroup: '/aws/lambda/cloudsentry-agent',
      region: 'eu-west-1',
    });
  });

  it('names every bad variable in one ConfigError', () => {
    let error: unknown;
    try {
      agentConfigFrom({ CLOUDSENTRY_PROVIDER: 'openai', CLOUDSENTRY_COOLDOWN_MINUTES: 'soon', CLOUDSENTRY_SLACK_TOP: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('CLOUDSENTRY_TABLE is required');
    expect(message).toContain('CLOUDSENTRY_PROVIDER must be one of offline, anthropic, bedrock (got "openai")');
    expect(message).toContain('CLOUDSENTRY_COOLDOWN_MINUTES must be a whole number from 0 to 10080 (got "soon")');
    expect(message).toContain('CLOUDSENTRY_SLACK_TOP must be a whole number from 1 to 10 (got "0")');
    expect(message.split('\n')).toHaveLength(1);
  });
});
