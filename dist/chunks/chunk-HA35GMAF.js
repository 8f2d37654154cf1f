import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  exec
} from "./chunk-IESNBTYB.js";
import {
  MAX_POLICY_FILE_BYTES
} from "./chunk-EJWCARX5.js";
import {
  ConfigurationError,
  ToolError
} from "./chunk-BRI3MEVE.js";

// src/policy/git-policy-source.ts
import { realpath } from "node:fs/promises";
import path from "node:path";
var GIT_TIMEOUT_MS = 6e4;
var GIT_READ_OPTIONS = ["-c", "safe.directory=*", "--literal-pathspecs"];
async function openGitPolicySource(workspace, ref, options) {
  const option = options.optionName ?? "--policy-ref";
  if (ref === "" || ref.startsWith("-") || /[\s\0]/.test(ref)) {
    throw new ConfigurationError(`${option} ${JSON.stringify(ref)}: expected a commit SHA, branch or tag name`);
  }
  const git = (args, okExitCodes = [0]) => exec("git", [...GIT_READ_OPTIONS, ...args], {
    logger: options.logger,
    cwd: workspace,
    timeoutMs: GIT_TIMEOUT_MS,
    okExitCodes,
    maxStdoutBytes: MAX_POLICY_FILE_BYTES + 4096
  });
  const top = await git(["rev-parse", "--show-toplevel"], [0, 128]).catch((error) => {
    if (error instanceof ToolError && /was not found on PATH/.test(error.message)) {
      throw new ToolError(
        `${option} ${ref} reads the policy through git, and git was not found on PATH: install git in the job's image, or let the checked-out policy decide (policy-source: head, or no --policy-ref)`,
        { command: error.command }
      );
    }
    throw error;
  });
  if (top.exitCode !== 0) {
    throw new ConfigurationError(`${option} ${ref}: ${workspace} is not in a git repository, so no ref can be read`);
  }
  const root = await realpath(top.stdout.trim());
  const realWorkspace = await realpath(workspace);
  const verified = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], [0, 1, 128]);
  const commit = verified.stdout.trim();
  if (verified.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) {
    throw new ConfigurationError(
      `${option} ${ref}: the repository has no such commit (a shallow clone may lack it: fetch it, e.g. \`git fetch --depth=1 origin ${ref}\`, or clone with full history)`
    );
  }
  const relative = (file) => {
    const inWorkspace = path.relative(workspace, path.resolve(workspace, file));
    const rel = path.relative(root, path.resolve(realWorkspace, inWorkspace));
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return void 0;
    return rel.split(path.sep).join("/");
  };
  const display = (file) => `${ref}:${relative(file) ?? file}`;
  const entryOf = async (rel) => {
    const listed = await git(["ls-tree", "-z", "--full-tree", commit, "--", rel]);
    const record = listed.stdout.split("\0").find((line) => line.endsWith(`	${rel}`));
    if (!record) return void 0;
    const [mode = "", type = "", object = ""] = record.slice(0, record.indexOf("	")).split(" ");
    return { mode, type, object };
  };
  return {
    ref,
    commit,
    display,
    relative,
    async has(file) {
      const rel = relative(file);
      return rel !== void 0 && await entryOf(rel) !== void 0;
    },
    async read(file) {
      const rel = relative(file);
      if (rel === void 0) return { problem: `it is outside the repository, so ${ref} cannot hold it` };
      const entry = await entryOf(rel);
      if (!entry) return { problem: `no such file at ${ref}` };
      if (entry.mode === "120000") return { problem: `it is a symbolic link at ${ref}; expected a regular file` };
      if (entry.type !== "blob")
        return {
          problem: `it is a ${entry.type === "tree" ? "directory" : entry.type} at ${ref}, expected a YAML or JSON file`
        };
      const size = Number((await git(["cat-file", "-s", entry.object])).stdout.trim());
      if (!(size <= MAX_POLICY_FILE_BYTES)) {
        return { problem: `it is ${size} bytes; a policy file may have at most ${MAX_POLICY_FILE_BYTES} (1 MiB)` };
      }
      return { text: (await git(["cat-file", "blob", entry.object])).stdout };
    },
    resolve(from, entry) {
      if (path.isAbsolute(entry) || entry.startsWith("~")) {
        return {
          problem: `\`extends\` at ${ref} takes paths relative to the policy file; ${JSON.stringify(entry)} is not one`
        };
      }
      const file = path.resolve(path.dirname(from), entry);
      if (relative(file) === void 0) {
        return { problem: `\`extends\` ${JSON.stringify(entry)} points outside the repository` };
      }
      return { file };
    }
  };
}

export {
  GIT_READ_OPTIONS,
  openGitPolicySource
};
//# sourceMappingURL=chunk-HA35GMAF.js.map
