import { QueryError, startQueryServer, type QueryServer } from './aws-query.js';

/** A loopback STS answering GetCallerIdentity (AWS Query + XML), for deploy's credentials check. */
export async function startStsFake(account = '123456789012'): Promise<QueryServer> {
  return startQueryServer('https://sts.amazonaws.com/doc/2011-06-15/', ({ action }) => {
    if (action !== 'GetCallerIdentity') throw new QueryError('InvalidAction', `fake STS does not implement ${action}`);
    return { Account: account, Arn: `arn:aws:iam::${account}:user/deployer`, UserId: 'AIDAFAKEDEPLOYER' };
  });
}
