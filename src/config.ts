import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The one module that reads environment variables. Precedence, lowest first:
 * built-in defaults < ./.env < the real environment < flags the user passed.
 */
export interface EnvConfig {
  anthropicApiKey?: string;
  model?: string;
  /** The SDK's own endpoint override, passed through so injected environments work too. */
  anthropicBaseUrl?: string;
  /** CLOUDSENTRY_PRICES: JSON overriding the per-model price table (USD per million tokens). */
  prices?: string;
  slackWebhookUrl?: string;
  /** CLOUDSENTRY_SLACK_TIMEOUT, raw: seconds per Slack request; checked where it is used. */
  slackTimeoutSeconds?: string;
  cacheDir: string;
  /** NO_COLOR set (any value) turns colour off; FORCE_COLOR turns it on. */
  noColor: boolean;
  forceColor: boolean;
  /** CLOUDSENTRY_PROVIDER, raw: `anthropic`, `bedrock` or `offline`; checked where it is used. */
  provider?: string;
  /** ANTHROPIC_BEDROCK_BASE_URL: the Bedrock SDK's endpoint override (loopback fakes). */
  bedrockBaseUrl?: string;
  /** AWS_REGION, else AWS_DEFAULT_REGION: where Bedrock is called. */
  awsRegion?: string;
  /** The GitHub Actions runner's variables, for `run`'s annotations, step summary and Slack card. */
  github?: GithubEnv;
}

/** What a GitHub Actions job tells about itself (https://docs.github.com/actions/reference/variables-reference). */
export interface GithubEnv {
  /** GITHUB_ACTIONS=true */
  actions: boolean;
  stepSummary?: string;
  workspace?: string;
  repository?: string;
  workflow?: string;
  runId?: string;
  /** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` when all three are set. */
  runUrl?: string;
  serverUrl?: string;
}

/**
 * Endpoint variables and the credential each one would carry. A `./.env` comes with whatever repository
 * you are standing in, so it may not point your key somewhere else: an endpoint from ./.env that differs
 * from the default is honoured only when its credential comes from the same file, or when the real
 * environment sets CLOUDSENTRY_TRUST_DOTENV=1.
 */
const GUARDED_ENDPOINTS: ReadonlyArray<{ name: RegExp; credential: string; defaults: readonly string[] }> = [
  { name: /^ANTHROPIC_BASE_URL$/, credential: 'ANTHROPIC_API_KEY', defaults: ['https://api.anthropic.com', 'https://api.anthropic.com/'] },
  { name: /^AWS_ENDPOINT_URL(?:_[A-Z0-9_]+)?$/, credential: 'AWS_ACCESS_KEY_ID', defaults: [] },
  { name: /^ANTHROPIC_BEDROCK_BASE_URL$/, credential: 'AWS_ACCESS_KEY_ID', defaults: [] },
];

/**
 * Loads ./.env into `env` without overriding variables that are already set, except endpoint
 * variables that would send a credential from elsewhere to a host the file chose (see above).
 * Returns one warning per variable left out, or for a file that could not be read.
 */
export function loadDotEnv(cwd: string, env: Record<string, string | undefined> = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.env'), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? [] : [`cannot read ./.env (${code ?? 'error'}); it was ignored`];
  }
  const file = parseEnv(text);
  const warnings: string[] = [];
  const trusted = env.CLOUDSENTRY_TRUST_DOTENV === '1';
  for (const [name, value] of Object.entries(file)) {
    if (value === undefined || env[name] !== undefined) continue;
    const guard = GUARDED_ENDPOINTS.find((g) => g.name.test(name));
    const redirects = guard && value.trim() !== '' && !guard.defaults.includes(value.trim());
    if (redirects && !trusted && file[guard.credential] === undefined && env[guard.credential] !== undefined) {
      warnings.push(
        `ignored ${name} from ./.env: it would send your ${guard.credential} to ${hostOf(value)}; put the key in the same .env, or set CLOUDSENTRY_TRUST_DOTENV=1 to allow it`,
      );
      continue;
    }
    env[name] = value;
  }
  return warnings;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return 'another host';
  }
}

/** Reads the settings cloudsentry takes from the environment. */
export function readEnvConfig(env: Record<string, string | undefined>): EnvConfig {
  return {
    anthropicApiKey: nonEmpty(env.ANTHROPIC_API_KEY),
    model: nonEmpty(env.CLOUDSENTRY_MODEL),
    anthropicBaseUrl: nonEmpty(env.ANTHROPIC_BASE_URL),
    prices: nonEmpty(env.CLOUDSENTRY_PRICES),
    slackWebhookUrl: nonEmpty(env.SLACK_WEBHOOK_URL),
    slackTimeoutSeconds: nonEmpty(env.CLOUDSENTRY_SLACK_TIMEOUT),
    cacheDir: cacheDirFrom(env),
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
    forceColor: env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== '',
    provider: nonEmpty(env.CLOUDSENTRY_PROVIDER)?.toLowerCase(),
    bedrockBaseUrl: nonEmpty(env.ANTHROPIC_BEDROCK_BASE_URL),
    awsRegion: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION),
    github: githubEnv(env),
  };
}

function githubEnv(env: Record<string, string | undefined>): GithubEnv {
  const serverUrl = nonEmpty(env.GITHUB_SERVER_URL)?.replace(/\/+$/, '');
  const repository = nonEmpty(env.GITHUB_REPOSITORY);
  const runId = nonEmpty(env.GITHUB_RUN_ID);
  const github: GithubEnv = { actions: env.GITHUB_ACTIONS === 'true' };
  const fields = {
    stepSummary: nonEmpty(env.GITHUB_STEP_SUMMARY),
    workspace: nonEmpty(env.GITHUB_WORKSPACE),
    repository,
    workflow: nonEmpty(env.GITHUB_WORKFLOW),
    runId,
    serverUrl,
    runUrl: serverUrl && repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined,
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (github as unknown as Record<string, string>)[key] = value;
  return github;
}

/** `$XDG_CACHE_HOME/cloudsentry`, else `~/.cache/cloudsentry`. */
export function cacheDirFrom(env: Record<string, string | undefined>): string {
  const xdg = nonEmpty(env.XDG_CACHE_HOME);
  return join(xdg ?? join(nonEmpty(env.HOME) ?? homedir(), '.cache'), 'cloudsentry');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The AWS settings cloudsentry itself resolves (the SDK reads credentials and the shared config files on its own). */
export interface AwsEnv {
  /** AWS_REGION, else AWS_DEFAULT_REGION (the AWS CLI's order; the JS SDK alone ignores the latter). */
  region?: string;
  profile?: string;
  /** AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, else AWS_ENDPOINT_URL. */
  logsEndpoint?: string;
}

/** Reads the AWS variables `watch` needs to decide region and endpoint the way the AWS CLI does. */
export function readAwsEnv(env: Record<string, string | undefined>): AwsEnv {
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  const profile = nonEmpty(env.AWS_PROFILE);
  const logsEndpoint = nonEmpty(env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  return { ...(region ? { region } : {}), ...(profile ? { profile } : {}), ...(logsEndpoint ? { logsEndpoint } : {}) };
}

/**
 * The AWS SDK warns on Node < 22 about its future releases; cloudsentry supports Node 20, so the warning is
 * noise to users. Set through the SDK's own documented variable, before any client is built.
 */
export function silenceAwsSdkNodeWarning(env: Record<string, string | undefined> = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
