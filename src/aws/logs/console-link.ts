/**
 * A CloudWatch console link to a group's events in a time window, narrowed by a filter pattern. The console
 * keeps its state in the URL fragment, URI-encoded with `$` in place of `%`; names and the pattern are encoded twice.
 */
export function consoleLink(options: { region: string; group: string; stream?: string; start: number; end: number; filterPattern?: string }): string {
  const once = (text: string): string => encodeURIComponent(text).replace(/%/g, '$');
  const twice = (text: string): string => once(encodeURIComponent(text));
  const query = [`start=${Math.floor(options.start)}`, `end=${Math.ceil(options.end)}`];
  if (options.filterPattern) query.push(`filterPattern=${encodeURIComponent(options.filterPattern)}`);
  const stream = options.stream !== undefined ? `/${twice(options.stream)}` : '';
  const host = `https://${options.region}.console.aws.amazon.com/cloudwatch/home?region=${options.region}`;
  return `${host}#logsV2:log-groups/log-group/${twice(options.group)}/log-events${stream}${once(`?${query.join('&')}`)}`;
}
