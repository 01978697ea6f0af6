// What the deploy roles' trust relies on from GitHub (docs/github.md): the repository's OpenID
// Connect subject customisation, and for each AWS environment a GitHub environment of the same
// name that only main may deploy to, with required reviewers. Read through the REST API:
//   GET /repos/{owner}/{repo}/actions/oidc/customization/sub
//   GET /repos/{owner}/{repo}/environments/{environment_name}
//   GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies
import { OIDC_SUBJECT_CLAIM_KEYS } from '../iam/bootstrap.js';

export interface GitHubGet {
  /** GET a REST path; resolves the status and parsed JSON body. */
  (path: string): Promise<{ status: number; body: any }>;
}

export interface ProtectionFinding {
  /** "missing" blocks (exit 2); "advice" is printed only. */
  level: 'missing' | 'advice';
  what: string;
  fix: string;
}

const enc = encodeURIComponent;

/** A GitHubGet over fetch (GITHUB_API_URL, a token with repository administration read access). */
export function fetchGitHub(token: string, apiUrl = 'https://api.github.com'): GitHubGet {
  return async (path) => {
    const res = await fetch(`${apiUrl.replace(/\/$/, '')}${path}`, {
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${token}`,
        'X-GitHub-Api-Version': '2022-11-28',
      },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** Checks the repository's OIDC subject template and the GitHub environment of each of `envs`. */
export async function checkGitHubProtection(
  get: GitHubGet,
  repo: string,
  envs: readonly string[],
): Promise<ProtectionFinding[]> {
  const [owner, name] = repo.split('/') as [string, string];
  const base = `/repos/${enc(owner)}/${enc(name)}`;
  const out: ProtectionFinding[] = [];
  const keys = JSON.stringify(OIDC_SUBJECT_CLAIM_KEYS);
  const setKeys = `PUT ${base}/actions/oidc/customization/sub with {"use_default":false,"include_claim_keys":${keys}} (docs/github.md)`;

  const sub = await get(`${base}/actions/oidc/customization/sub`);
  if (sub.status !== 200) throw new Error(`GET ${base}/actions/oidc/customization/sub answered ${sub.status}`);
  const claimKeys: string[] = sub.body?.use_default ? [] : (sub.body?.include_claim_keys ?? []);
  if (JSON.stringify(claimKeys) !== keys)
    out.push({
      level: 'missing',
      what: `OIDC subject claims are ${sub.body?.use_default ? "GitHub's default" : JSON.stringify(claimKeys)}, not ${keys}: the deploy roles (infra/bootstrap.yaml) trust no job`,
      fix: setKeys,
    });

  for (const env of envs) {
    const e = await get(`${base}/environments/${enc(env)}`);
    if (e.status === 404) {
      out.push({
        level: 'missing',
        what: `GitHub environment "${env}" does not exist (the deploy role of ${env} trusts only jobs in it)`,
        fix: `create it: Settings > Environments > New environment "${env}", deployment branches "Selected branches" = main, required reviewers`,
      });
      continue;
    }
    if (e.status !== 200) throw new Error(`GET ${base}/environments/${env} answered ${e.status}`);
    const rules = (e.body?.protection_rules ?? []) as { type: string; reviewers?: unknown[] }[];
    const policy = e.body?.deployment_branch_policy as
      { protected_branches: boolean; custom_branch_policies: boolean } | null | undefined;
    if (!policy)
      out.push({
        level: 'missing',
        what: `GitHub environment "${env}" lets any branch deploy to it`,
        fix: `Settings > Environments > ${env} > Deployment branches and tags: "Selected branches and tags", add main only`,
      });
    else if (policy.protected_branches)
      out.push({
        level: 'missing',
        what: `GitHub environment "${env}" lets every protected branch deploy, not only main`,
        fix: `Settings > Environments > ${env} > Deployment branches and tags: "Selected branches and tags", add main only`,
      });
    else if (policy.custom_branch_policies) {
      const p = await get(`${base}/environments/${enc(env)}/deployment-branch-policies`);
      if (p.status !== 200)
        throw new Error(`GET ${base}/environments/${env}/deployment-branch-policies answered ${p.status}`);
      const names = ((p.body?.branch_policies ?? []) as { name: string; type?: string }[]).map(
        (b) => `${b.type ?? 'branch'}:${b.name}`,
      );
      if (JSON.stringify(names) !== JSON.stringify(['branch:main']))
        out.push({
          level: 'missing',
          what: `GitHub environment "${env}" may be deployed from ${names.join(', ') || 'no branch'}, not main only`,
          fix: `Settings > Environments > ${env} > Deployment branches and tags: keep only the branch rule "main"`,
        });
    }
    const reviewers = rules.find((r) => r.type === 'required_reviewers');
    if (!reviewers || !(reviewers.reviewers ?? []).length)
      out.push({
        level: 'advice',
        what: `GitHub environment "${env}" has no required reviewers: a merge to main deploys it without a second person`,
        fix: `Settings > Environments > ${env} > Required reviewers (note: scheduled jobs in it then wait for approval too)`,
      });
  }
  return out;
}
