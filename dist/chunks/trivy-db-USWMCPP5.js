import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  DEFAULT_TRIVY_DB_REPOSITORIES,
  DEFAULT_TRIVY_JAVA_DB_REPOSITORIES,
  TRIVY_DATABASES,
  TRIVY_DB_SCHEMA_VERSION,
  TRIVY_JAVA_DB_SCHEMA_VERSION,
  defaultActionTrivyCacheDir,
  defaultCliTrivyCacheDir,
  isFreshToday,
  readTrivyDbState,
  resolveDbOptions,
  trivyDbDirs,
  utcDay
} from "./chunk-QAPMAWII.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  DEFAULT_TRIVY_DB_REPOSITORIES,
  DEFAULT_TRIVY_JAVA_DB_REPOSITORIES,
  TRIVY_DATABASES,
  TRIVY_DB_SCHEMA_VERSION,
  TRIVY_JAVA_DB_SCHEMA_VERSION,
  defaultActionTrivyCacheDir,
  defaultCliTrivyCacheDir,
  isFreshToday,
  readTrivyDbState,
  resolveDbOptions,
  trivyDbDirs,
  utcDay
};
//# sourceMappingURL=trivy-db-USWMCPP5.js.map
