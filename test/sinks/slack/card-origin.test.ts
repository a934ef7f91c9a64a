import { describe, expect, it } from 'vitest';
import { readEnvConfig } from '../../../src/config.js';
import { buildSlackCard } from '../../../src/sinks/slack/card.js';
import { validate } from '../../fakes/slack-receiver.js';
import { incident, report } from './helpers.js';

describe('a Slack card from a CI run names where it comes from', () => {
  const github = readEnvConfig({
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_WORKFLOW: 'CI *build*',
    GITHUB_RUN_ID: '123456',
  }).github!;

  it('reads the runner variables', () => {
    expect(github).toMatchObject({ actions: true, repository: 'acme/shop', workflow: 'CI *build*', runId: '123456', runUrl: 'https://github.com/acme/shop/actions/runs/123456' });
    expect(readEnvConfig({}).github).toEqual({ actions: false });
  });

  it('puts repository, workflow and run link in a context line on top, escaped, within the block limits', () => {
    const origin = [
      { label: 'Repository', value: 'acme/shop', url: 'https://github.com/acme/shop' },
      { label: 'Workflow', value: 'CI *build*' },
      { label: 'Run', value: '#123456', url: github.runUrl! },
    ];
    const { message } = buildSlackCard(report(incident()), { top: 3, version: '0.1.0', ciRun: origin });
    expect(message.blocks[0]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Repository <https://github.com/acme/shop|acme/shop> · Workflow `CI *build*` · Run <https://github.com/acme/shop/actions/runs/123456|#123456>', verbatim: true }],
    });
    expect(validate(JSON.stringify(message)).violations).toEqual([]);
    const without = buildSlackCard(report(incident()), { top: 3, version: '0.1.0' });
    expect(message.blocks.slice(1)).toEqual(without.message.blocks);
  });
});
