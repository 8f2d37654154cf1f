// `npm run test:unit`: the unit project of jest.config.js alone. A config file rather than `--selectProjects`, whose
// list would swallow the test paths given after it (`npm run test:unit -- test/policy`).
import { run, unit } from './jest.config.js';

// Unit suites start no daemon and share no port: every core runs one (Jest's default leaves one core idle).
export default { ...run, maxWorkers: '100%', projects: [unit] };
