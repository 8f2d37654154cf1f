export type Verdict = 'pass' | 'fail';

/** The prefix of a ruleId (`vuln/CVE-2024-3094` → `vuln`). */
export type RuleFamily =
  | 'size'
  | 'layers'
  | 'hygiene'
  | 'base'
  | 'user'
  | 'vuln'
  | 'secret'
  | 'license'
  | 'allow'
  | 'compose'
  | 'config'
  | 'dockerfile';
