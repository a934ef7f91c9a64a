import { PRIORITY, type KnowledgeEntry } from '../types.js';

const BRUTE_FORCE_STEPS = [
  'Count the attempts per source address (`grep -E "Failed|Invalid user" /var/log/auth.log | grep -oE "from [0-9a-f.:]+" | sort | uniq -c | sort -rn`) and check that none of them also logged `Accepted` (a successful login).',
  'Ban repeat offenders automatically: enable fail2ban’s `sshd` jail (or sshguard / CrowdSec) with a short `findtime` and a long `bantime`.',
  'Allow key-only logins: `PasswordAuthentication no`, `KbdInteractiveAuthentication no` and `PermitRootLogin prohibit-password` (or `no`) in sshd_config, then reload sshd.',
  'Restrict who can reach the port: a firewall or security-group allow-list (VPN, bastion, office ranges) instead of 0.0.0.0/0.',
];

/** Host logins under attack: sshd, PAM, su/sudo, mail and FTP daemons. */
export const securityEntries: KnowledgeEntry[] = [
  {
    id: 'security.ssh-brute-force',
    category: 'security.auth',
    severity: 'high',
    confidence: 0.9,
    priority: PRIORITY.exact + 6,
    title: 'SSH login failures: password guessing or a break-in attempt',
    rootCause:
      'sshd rejected logins for unknown or wrong users — the signature of automated password guessing against a port reachable from the internet. A user name such as `mysql` or `oracle` is a guess, not a database problem.',
    remediation: BRUTE_FORCE_STEPS,
    match: [
      /\bFailed (?:password|publickey|none|keyboard-interactive(?:\/pam)?) for (?:invalid user )?\S+ from\b/,
      /\bInvalid user \S* ?from\b/,
      /\binvalid user \S+ \[preauth\]/,
      'POSSIBLE BREAK-IN ATTEMPT',
      /\bmaximum authentication attempts exceeded\b/,
      /\bToo many authentication failures\b/,
      /\bnot allowed because (?:not )?listed in (?:Allow|Deny)Users\b/,
      /\bConnection closed by (?:invalid|authenticating) user\b/,
      /\bDisconnected from (?:invalid|authenticating) user\b/,
      /\bpam_unix\(sshd:auth\): authentication failure\b/,
      /\bsshd\(pam_unix\)\[\d+\]: (?:authentication failure|check pass; user unknown)\b/,
    ],
  },
  {
    id: 'security.pam-failure',
    category: 'security.auth',
    severity: 'medium',
    confidence: 0.75,
    priority: PRIORITY.exact + 2,
    title: 'Local authentication failures (PAM, su, sudo)',
    rootCause: 'PAM rejected a password for su, sudo or another service: a mistyped password, or someone trying accounts they should not have.',
    remediation: [
      'Check who tried (`logname=`, `ruser=`) and whether the attempts continue; repeated failures for root from one account are worth an investigation.',
      'Lock or rotate the password of the targeted account if the attempts were not its owner’s; review `/etc/sudoers` for who may escalate.',
      'Send auth logs to a central place and alert on bursts of `authentication failure`.',
    ],
    match: [/\bpam_unix\((?!sshd)[\w-]+:auth\): authentication failure\b/, /\bFAILED SU\b/, /\bincorrect password attempts?\b/, /\bpam_authenticate\(\) failed\b/],
  },
  {
    id: 'security.service-login',
    category: 'security.auth',
    severity: 'medium',
    confidence: 0.75,
    priority: PRIORITY.exact,
    title: 'Repeated mail/FTP login failures',
    rootCause: 'A mail or FTP daemon rejected logins, usually credential stuffing against exposed IMAP/POP3/SMTP/FTP ports.',
    remediation: [
      'Count failures per remote address (`rip=`, `Client "…"`) and ban repeat offenders with fail2ban’s dovecot/postfix/vsftpd jails.',
      'Disable anonymous FTP and plaintext logins; require TLS and app passwords.',
      'Limit the exposed ports to the networks that need them.',
    ],
    match: [/\bFAIL LOGIN: Client\b/, /\(auth failed, \d+ attempts?/, /\bSASL (?:LOGIN|PLAIN) authentication failed\b/],
  },
  {
    id: 'ssh.connection-reset',
    category: 'network.timeout',
    severity: 'low',
    confidence: 0.6,
    priority: PRIORITY.exact,
    title: 'SSH client connection dropped',
    rootCause:
      'sshd lost a session because the client side reset it: the client quit, its network dropped, or a NAT/firewall expired the idle connection. This is not an HTTP keep-alive problem.',
    remediation: [
      'If it is one client, check its network (Wi-Fi, VPN) and keep the session alive with `ServerAliveInterval 30` in the client’s ssh config.',
      'If many sessions drop together, look at the firewall/NAT idle timeouts between clients and this host (`ClientAliveInterval` on the server).',
      'Resets from addresses that never logged in are scanners; see the login failures from the same addresses.',
    ],
    match: [/\bsshd\[\d+\]: (?:Read error from remote host|error: kex_exchange_identification|Connection reset by)\b/, /\bRead error from remote host [^\n]{1,80} Connection reset by peer\b/],
  },
];
