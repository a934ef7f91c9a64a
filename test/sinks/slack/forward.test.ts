import { describe, expect, it, vi } from 'vitest';
import { ForwardError } from '../../../src/errors.js';
import type { SlackMessage } from '../../../src/sinks/slack/card.js';
import { forwardReport, type ForwardDeps } from '../../../src/sinks/slack/forward.js';
import { createMemoryPostedStore } from '../../../src/sinks/slack/posted-store.js';
import type { SendResult } from '../../../src/sinks/slack/send.js';
import type { SlackSettings } from '../../../src/sinks/slack/settings.js';
import { incident, report } from './helpers.js';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 25, 17, 0, 0);
const settings: SlackSettings = { webhookUrl: 'http://127.0.0.1:9/services/T/B/X', cooldownMinutes: 30, top: 3, force: false, timeoutMs: 1000, warnings: [] };

function setup(posted: Record<string, number> = {}, result: SendResult = { ok: true, attempts: 1 }) {
  const store = createMemoryPostedStore(posted);
  const sent: SlackMessage[] = [];
  const notices: string[] = [];
  const deps: ForwardDeps = {
    store,
    now: () => NOW,
    version: '0.1.0',
    notice: (m) => void notices.push(m),
    send: vi.fn(async (message: SlackMessage) => {
      sent.push(message);
      return result;
    }),
  };
  return { store, sent, notices, deps };
}

const a = incident({ fingerprint: 'aaaaaaaaaaaaaaaa' }, { title: 'Problem A' });
const b = incident({ fingerprint: 'bbbbbbbbbbbbbbbb' }, { title: 'Problem B' });

describe('forwardReport', () => {
  it('posts new incidents as one message and records them', async () => {
    const { store, sent, notices, deps } = setup();
    expect(await forwardReport(report(a, b), settings, deps)).toEqual({ status: 'posted', posted: [a.fingerprint, b.fingerprint], attempts: 1 });
    expect(sent).toHaveLength(1);
    expect([...store.posted]).toEqual([
      [a.fingerprint, NOW],
      [b.fingerprint, NOW],
    ]);
    expect(notices).toEqual(['Slack: posted 2 incidents']);
  });

  it('leaves out an incident posted within the cooldown and says so in the card', async () => {
    const { sent, notices, deps } = setup({ [a.fingerprint]: NOW - 10 * MINUTE });
    expect(await forwardReport(report(a, b), settings, deps)).toMatchObject({ posted: [b.fingerprint] });
    expect(JSON.stringify(sent[0])).toContain('1 incident already posted recently, left out.');
    expect(JSON.stringify(sent[0])).not.toContain('Problem A');
    expect(notices).toEqual(['Slack: posted 1 incident (1 left out: posted in the last 30 min)']);
  });

  it('posts nothing when every incident is within the cooldown', async () => {
    const { sent, notices, deps } = setup({ [a.fingerprint]: NOW - 29 * MINUTE, [b.fingerprint]: NOW - MINUTE });
    expect(await forwardReport(report(a, b), settings, deps)).toEqual({ status: 'cooldown', skipped: 2 });
    expect(sent).toHaveLength(0);
    expect(notices).toEqual(['Slack: all 2 incidents were already posted in the last 30 min; nothing sent (use --force to post again)']);
  });

  it('posts again once the cooldown has passed', async () => {
    const { sent, deps } = setup({ [a.fingerprint]: NOW - 30 * MINUTE });
    await forwardReport(report(a), settings, deps);
    expect(sent).toHaveLength(1);
  });

  it('posts within the cooldown with --force', async () => {
    const { sent, store, deps } = setup({ [a.fingerprint]: NOW - MINUTE });
    await forwardReport(report(a), { ...settings, force: true }, deps);
    expect(sent).toHaveLength(1);
    expect(store.posted.get(a.fingerprint)).toBe(NOW);
  });

  it('records only the incidents the message showed', async () => {
    const { store, deps } = setup();
    await forwardReport(report(a, b), { ...settings, top: 1 }, deps);
    expect([...store.posted.keys()]).toEqual([a.fingerprint]);
  });

  it('throws ForwardError (exit 3) and records nothing when delivery fails', async () => {
    const failure: SendResult = { ok: false, attempts: 1, status: 410, permanent: true, reason: 'the channel is archived' };
    const { store, deps } = setup({}, failure);
    const error = await forwardReport(report(a), settings, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForwardError);
    expect((error as ForwardError).exitCode).toBe(3);
    expect((error as Error).message).toBe('Slack forwarding failed: the channel is archived');
    expect(store.posted.size).toBe(0);
  });

  it('still succeeds when the state cannot be written', async () => {
    const { notices, deps } = setup();
    deps.store.markPosted = async () => {
      throw new Error('EACCES: permission denied');
    };
    expect(await forwardReport(report(a), settings, deps)).toMatchObject({ status: 'posted' });
    expect(notices[0]).toMatch(/^Slack: posted, but could not record it for the cooldown \(EACCES/);
  });

  it('sends nothing for a run without incidents', async () => {
    const { sent, deps } = setup();
    expect(await forwardReport(report(), settings, deps)).toEqual({ status: 'empty' });
    expect(sent).toHaveLength(0);
  });
});
