import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/util/append-all.ts
function appendAll(target, items) {
  for (const item of items) target.push(item);
  return target;
}

export {
  appendAll
};
//# sourceMappingURL=chunk-RHYLLRJI.js.map
