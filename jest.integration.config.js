// `npm run test:integration`: the integration project of jest.config.js alone (see jest.unit.config.js for why).
import { integration, run } from './jest.config.js';

export default { ...run, projects: [integration] };
