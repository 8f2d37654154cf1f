// `npm run test:unit`: the unit project of jest.config.js alone. A config file rather than `--selectProjects`, whose
// list would swallow the test paths given after it (`npm run test:unit -- test/policy`).
import { run, unit } from './jest.config.js';

export default { ...run, projects: [unit] };
