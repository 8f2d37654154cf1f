import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  DEFAULT_PAGE_CAPS,
  PageBudget,
  PageCapError,
  nextLinkUrl
} from "./chunk-ZCMRTNUR.js";
import {
  BodyError,
  readCappedBody
} from "./chunk-VVMJR22K.js";
import {
  isObject
} from "./chunk-LUOCSN52.js";
import {
  TarParser,
  tarError
} from "./chunk-NAVMHS2U.js";
import {
  AgentPool,
  Deadline,
  DeadlineError,
  REGISTRY_RETRY,
  RedirectError,
  isLoopbackHostname,
  networkRetryDelay,
  nextRetryStep,
  registryRetryPolicy,
  retryDecision,
  sendHttp,
  transferDeadlineMs
} from "./chunk-ZP45WOWW.js";
import {
  exec
} from "./chunk-IESNBTYB.js";
import {
  require_applicator,
  require_codegen,
  require_compile,
  require_core,
  require_core2,
  require_dependencies,
  require_discriminator,
  require_format,
  require_metadata,
  require_names,
  require_ref,
  require_ref_error,
  require_util,
  require_validate,
  require_validation,
  require_validation_error
} from "./chunk-CBS7UIE7.js";
import {
  appendAll
} from "./chunk-RHYLLRJI.js";
import {
  nestingProblem,
  require_dist
} from "./chunk-GO6V4V27.js";
import {
  ENTRY_NAME_MAX,
  excerpt
} from "./chunk-G7D7EWW2.js";
import {
  DOCKER_HUB_CONFIG_KEY,
  isListedInsecure,
  isLoopback,
  registryEndpoint
} from "./chunk-525AQQA4.js";
import {
  DOCKER_HUB,
  normalizeRegistry
} from "./chunk-ST7SR4PU.js";
import {
  ConfigurationError,
  ToolError
} from "./chunk-BRI3MEVE.js";
import {
  __commonJS,
  __toESM
} from "./chunk-GVHAVQQT.js";

// node_modules/ajv/dist/vocabularies/dynamic/dynamicAnchor.js
var require_dynamicAnchor = __commonJS({
  "node_modules/ajv/dist/vocabularies/dynamic/dynamicAnchor.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.dynamicAnchor = void 0;
    var codegen_1 = require_codegen();
    var names_1 = require_names();
    var compile_1 = require_compile();
    var ref_1 = require_ref();
    var def = {
      keyword: "$dynamicAnchor",
      schemaType: "string",
      code: (cxt) => dynamicAnchor(cxt, cxt.schema)
    };
    function dynamicAnchor(cxt, anchor) {
      const { gen, it } = cxt;
      it.schemaEnv.root.dynamicAnchors[anchor] = true;
      const v = (0, codegen_1._)`${names_1.default.dynamicAnchors}${(0, codegen_1.getProperty)(anchor)}`;
      const validate = it.errSchemaPath === "#" ? it.validateName : _getValidate(cxt);
      gen.if((0, codegen_1._)`!${v}`, () => gen.assign(v, validate));
    }
    exports.dynamicAnchor = dynamicAnchor;
    function _getValidate(cxt) {
      const { schemaEnv, schema, self } = cxt.it;
      const { root, baseId, localRefs, meta } = schemaEnv.root;
      const { schemaId } = self.opts;
      const sch = new compile_1.SchemaEnv({ schema, schemaId, root, baseId, localRefs, meta });
      compile_1.compileSchema.call(self, sch);
      return (0, ref_1.getValidate)(cxt, sch);
    }
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/dynamic/dynamicRef.js
var require_dynamicRef = __commonJS({
  "node_modules/ajv/dist/vocabularies/dynamic/dynamicRef.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.dynamicRef = void 0;
    var codegen_1 = require_codegen();
    var names_1 = require_names();
    var ref_1 = require_ref();
    var def = {
      keyword: "$dynamicRef",
      schemaType: "string",
      code: (cxt) => dynamicRef(cxt, cxt.schema)
    };
    function dynamicRef(cxt, ref) {
      const { gen, keyword, it } = cxt;
      if (ref[0] !== "#")
        throw new Error(`"${keyword}" only supports hash fragment reference`);
      const anchor = ref.slice(1);
      if (it.allErrors) {
        _dynamicRef();
      } else {
        const valid = gen.let("valid", false);
        _dynamicRef(valid);
        cxt.ok(valid);
      }
      function _dynamicRef(valid) {
        if (it.schemaEnv.root.dynamicAnchors[anchor]) {
          const v = gen.let("_v", (0, codegen_1._)`${names_1.default.dynamicAnchors}${(0, codegen_1.getProperty)(anchor)}`);
          gen.if(v, _callRef(v, valid), _callRef(it.validateName, valid));
        } else {
          _callRef(it.validateName, valid)();
        }
      }
      function _callRef(validate, valid) {
        return valid ? () => gen.block(() => {
          (0, ref_1.callRef)(cxt, validate);
          gen.let(valid, true);
        }) : () => (0, ref_1.callRef)(cxt, validate);
      }
    }
    exports.dynamicRef = dynamicRef;
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/dynamic/recursiveAnchor.js
var require_recursiveAnchor = __commonJS({
  "node_modules/ajv/dist/vocabularies/dynamic/recursiveAnchor.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var dynamicAnchor_1 = require_dynamicAnchor();
    var util_1 = require_util();
    var def = {
      keyword: "$recursiveAnchor",
      schemaType: "boolean",
      code(cxt) {
        if (cxt.schema)
          (0, dynamicAnchor_1.dynamicAnchor)(cxt, "");
        else
          (0, util_1.checkStrictMode)(cxt.it, "$recursiveAnchor: false is ignored");
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/dynamic/recursiveRef.js
var require_recursiveRef = __commonJS({
  "node_modules/ajv/dist/vocabularies/dynamic/recursiveRef.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var dynamicRef_1 = require_dynamicRef();
    var def = {
      keyword: "$recursiveRef",
      schemaType: "string",
      code: (cxt) => (0, dynamicRef_1.dynamicRef)(cxt, cxt.schema)
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/dynamic/index.js
var require_dynamic = __commonJS({
  "node_modules/ajv/dist/vocabularies/dynamic/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var dynamicAnchor_1 = require_dynamicAnchor();
    var dynamicRef_1 = require_dynamicRef();
    var recursiveAnchor_1 = require_recursiveAnchor();
    var recursiveRef_1 = require_recursiveRef();
    var dynamic = [dynamicAnchor_1.default, dynamicRef_1.default, recursiveAnchor_1.default, recursiveRef_1.default];
    exports.default = dynamic;
  }
});

// node_modules/ajv/dist/vocabularies/validation/dependentRequired.js
var require_dependentRequired = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/dependentRequired.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var dependencies_1 = require_dependencies();
    var def = {
      keyword: "dependentRequired",
      type: "object",
      schemaType: "object",
      error: dependencies_1.error,
      code: (cxt) => (0, dependencies_1.validatePropertyDeps)(cxt)
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/dependentSchemas.js
var require_dependentSchemas = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/dependentSchemas.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var dependencies_1 = require_dependencies();
    var def = {
      keyword: "dependentSchemas",
      type: "object",
      schemaType: "object",
      code: (cxt) => (0, dependencies_1.validateSchemaDeps)(cxt)
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/validation/limitContains.js
var require_limitContains = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/limitContains.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var util_1 = require_util();
    var def = {
      keyword: ["maxContains", "minContains"],
      type: "array",
      schemaType: "number",
      code({ keyword, parentSchema, it }) {
        if (parentSchema.contains === void 0) {
          (0, util_1.checkStrictMode)(it, `"${keyword}" without "contains" is ignored`);
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/next.js
var require_next = __commonJS({
  "node_modules/ajv/dist/vocabularies/next.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var dependentRequired_1 = require_dependentRequired();
    var dependentSchemas_1 = require_dependentSchemas();
    var limitContains_1 = require_limitContains();
    var next = [dependentRequired_1.default, dependentSchemas_1.default, limitContains_1.default];
    exports.default = next;
  }
});

// node_modules/ajv/dist/vocabularies/unevaluated/unevaluatedProperties.js
var require_unevaluatedProperties = __commonJS({
  "node_modules/ajv/dist/vocabularies/unevaluated/unevaluatedProperties.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var names_1 = require_names();
    var error = {
      message: "must NOT have unevaluated properties",
      params: ({ params }) => (0, codegen_1._)`{unevaluatedProperty: ${params.unevaluatedProperty}}`
    };
    var def = {
      keyword: "unevaluatedProperties",
      type: "object",
      schemaType: ["boolean", "object"],
      trackErrors: true,
      error,
      code(cxt) {
        const { gen, schema, data, errsCount, it } = cxt;
        if (!errsCount)
          throw new Error("ajv implementation error");
        const { allErrors, props } = it;
        if (props instanceof codegen_1.Name) {
          gen.if((0, codegen_1._)`${props} !== true`, () => gen.forIn("key", data, (key) => gen.if(unevaluatedDynamic(props, key), () => unevaluatedPropCode(key))));
        } else if (props !== true) {
          gen.forIn("key", data, (key) => props === void 0 ? unevaluatedPropCode(key) : gen.if(unevaluatedStatic(props, key), () => unevaluatedPropCode(key)));
        }
        it.props = true;
        cxt.ok((0, codegen_1._)`${errsCount} === ${names_1.default.errors}`);
        function unevaluatedPropCode(key) {
          if (schema === false) {
            cxt.setParams({ unevaluatedProperty: key });
            cxt.error();
            if (!allErrors)
              gen.break();
            return;
          }
          if (!(0, util_1.alwaysValidSchema)(it, schema)) {
            const valid = gen.name("valid");
            cxt.subschema({
              keyword: "unevaluatedProperties",
              dataProp: key,
              dataPropType: util_1.Type.Str
            }, valid);
            if (!allErrors)
              gen.if((0, codegen_1.not)(valid), () => gen.break());
          }
        }
        function unevaluatedDynamic(evaluatedProps, key) {
          return (0, codegen_1._)`!${evaluatedProps} || !${evaluatedProps}[${key}]`;
        }
        function unevaluatedStatic(evaluatedProps, key) {
          const ps = [];
          for (const p in evaluatedProps) {
            if (evaluatedProps[p] === true)
              ps.push((0, codegen_1._)`${key} !== ${p}`);
          }
          return (0, codegen_1.and)(...ps);
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/unevaluated/unevaluatedItems.js
var require_unevaluatedItems = __commonJS({
  "node_modules/ajv/dist/vocabularies/unevaluated/unevaluatedItems.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var error = {
      message: ({ params: { len } }) => (0, codegen_1.str)`must NOT have more than ${len} items`,
      params: ({ params: { len } }) => (0, codegen_1._)`{limit: ${len}}`
    };
    var def = {
      keyword: "unevaluatedItems",
      type: "array",
      schemaType: ["boolean", "object"],
      error,
      code(cxt) {
        const { gen, schema, data, it } = cxt;
        const items = it.items || 0;
        if (items === true)
          return;
        const len = gen.const("len", (0, codegen_1._)`${data}.length`);
        if (schema === false) {
          cxt.setParams({ len: items });
          cxt.fail((0, codegen_1._)`${len} > ${items}`);
        } else if (typeof schema == "object" && !(0, util_1.alwaysValidSchema)(it, schema)) {
          const valid = gen.var("valid", (0, codegen_1._)`${len} <= ${items}`);
          gen.if((0, codegen_1.not)(valid), () => validateItems(valid, items));
          cxt.ok(valid);
        }
        it.items = true;
        function validateItems(valid, from) {
          gen.forRange("i", from, len, (i) => {
            cxt.subschema({ keyword: "unevaluatedItems", dataProp: i, dataPropType: util_1.Type.Num }, valid);
            if (!it.allErrors)
              gen.if((0, codegen_1.not)(valid), () => gen.break());
          });
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/unevaluated/index.js
var require_unevaluated = __commonJS({
  "node_modules/ajv/dist/vocabularies/unevaluated/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var unevaluatedProperties_1 = require_unevaluatedProperties();
    var unevaluatedItems_1 = require_unevaluatedItems();
    var unevaluated = [unevaluatedProperties_1.default, unevaluatedItems_1.default];
    exports.default = unevaluated;
  }
});

// node_modules/ajv/dist/vocabularies/draft2020.js
var require_draft2020 = __commonJS({
  "node_modules/ajv/dist/vocabularies/draft2020.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var core_1 = require_core2();
    var validation_1 = require_validation();
    var applicator_1 = require_applicator();
    var dynamic_1 = require_dynamic();
    var next_1 = require_next();
    var unevaluated_1 = require_unevaluated();
    var format_1 = require_format();
    var metadata_1 = require_metadata();
    var draft2020Vocabularies = [
      dynamic_1.default,
      core_1.default,
      validation_1.default,
      (0, applicator_1.default)(true),
      format_1.default,
      metadata_1.metadataVocabulary,
      metadata_1.contentVocabulary,
      next_1.default,
      unevaluated_1.default
    ];
    exports.default = draft2020Vocabularies;
  }
});

// node_modules/ajv/dist/refs/json-schema-2020-12/schema.json
var require_schema = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-2020-12/schema.json"(exports, module) {
    module.exports = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://json-schema.org/draft/2020-12/schema",
      $vocabulary: {
        "https://json-schema.org/draft/2020-12/vocab/core": true,
        "https://json-schema.org/draft/2020-12/vocab/applicator": true,
        "https://json-schema.org/draft/2020-12/vocab/unevaluated": true,
        "https://json-schema.org/draft/2020-12/vocab/validation": true,
        "https://json-schema.org/draft/2020-12/vocab/meta-data": true,
        "https://json-schema.org/draft/2020-12/vocab/format-annotation": true,
        "https://json-schema.org/draft/2020-12/vocab/content": true
      },
      $dynamicAnchor: "meta",
      title: "Core and Validation specifications meta-schema",
      allOf: [
        { $ref: "meta/core" },
        { $ref: "meta/applicator" },
        { $ref: "meta/unevaluated" },
        { $ref: "meta/validation" },
        { $ref: "meta/meta-data" },
        { $ref: "meta/format-annotation" },
        { $ref: "meta/content" }
      ],
      type: ["object", "boolean"],
      $comment: "This meta-schema also defines keywords that have appeared in previous drafts in order to prevent incompatible extensions as they remain in common use.",
      properties: {
        definitions: {
          $comment: '"definitions" has been replaced by "$defs".',
          type: "object",
          additionalProperties: { $dynamicRef: "#meta" },
          deprecated: true,
          default: {}
        },
        dependencies: {
          $comment: '"dependencies" has been split and replaced by "dependentSchemas" and "dependentRequired" in order to serve their differing semantics.',
          type: "object",
          additionalProperties: {
            anyOf: [{ $dynamicRef: "#meta" }, { $ref: "meta/validation#/$defs/stringArray" }]
          },
          deprecated: true,
          default: {}
        },
        $recursiveAnchor: {
          $comment: '"$recursiveAnchor" has been replaced by "$dynamicAnchor".',
          $ref: "meta/core#/$defs/anchorString",
          deprecated: true
        },
        $recursiveRef: {
          $comment: '"$recursiveRef" has been replaced by "$dynamicRef".',
          $ref: "meta/core#/$defs/uriReferenceString",
          deprecated: true
        }
      }
    };
  }
});

// node_modules/ajv/dist/refs/json-schema-2020-12/meta/applicator.json
var require_applicator2 = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-2020-12/meta/applicator.json"(exports, module) {
    module.exports = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://json-schema.org/draft/2020-12/meta/applicator",
      $vocabulary: {
        "https://json-schema.org/draft/2020-12/vocab/applicator": true
      },
      $dynamicAnchor: "meta",
      title: "Applicator vocabulary meta-schema",
      type: ["object", "boolean"],
      properties: {
        prefixItems: { $ref: "#/$defs/schemaArray" },
        items: { $dynamicRef: "#meta" },
        contains: { $dynamicRef: "#meta" },
        additionalProperties: { $dynamicRef: "#meta" },
        properties: {
          type: "object",
          additionalProperties: { $dynamicRef: "#meta" },
          default: {}
        },
        patternProperties: {
          type: "object",
          additionalProperties: { $dynamicRef: "#meta" },
          propertyNames: { format: "regex" },
          default: {}
        },
        dependentSchemas: {
          type: "object",
          additionalProperties: { $dynamicRef: "#meta" },
          default: {}
        },
        propertyNames: { $dynamicRef: "#meta" },
        if: { $dynamicRef: "#meta" },
        then: { $dynamicRef: "#meta" },
        else: { $dynamicRef: "#meta" },
        allOf: { $ref: "#/$defs/schemaArray" },
        anyOf: { $ref: "#/$defs/schemaArray" },
        oneOf: { $ref: "#/$defs/schemaArray" },
        not: { $dynamicRef: "#meta" }
      },
      $defs: {
        schemaArray: {
          type: "array",
          minItems: 1,
          items: { $dynamicRef: "#meta" }
        }
      }
    };
  }
});

// node_modules/ajv/dist/refs/json-schema-2020-12/meta/unevaluated.json
var require_unevaluated2 = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-2020-12/meta/unevaluated.json"(exports, module) {
    module.exports = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://json-schema.org/draft/2020-12/meta/unevaluated",
      $vocabulary: {
        "https://json-schema.org/draft/2020-12/vocab/unevaluated": true
      },
      $dynamicAnchor: "meta",
      title: "Unevaluated applicator vocabulary meta-schema",
      type: ["object", "boolean"],
      properties: {
        unevaluatedItems: { $dynamicRef: "#meta" },
        unevaluatedProperties: { $dynamicRef: "#meta" }
      }
    };
  }
});

// node_modules/ajv/dist/refs/json-schema-2020-12/meta/content.json
var require_content = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-2020-12/meta/content.json"(exports, module) {
    module.exports = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://json-schema.org/draft/2020-12/meta/content",
      $vocabulary: {
        "https://json-schema.org/draft/2020-12/vocab/content": true
      },
      $dynamicAnchor: "meta",
      title: "Content vocabulary meta-schema",
      type: ["object", "boolean"],
      properties: {
        contentEncoding: { type: "string" },
        contentMediaType: { type: "string" },
        contentSchema: { $dynamicRef: "#meta" }
      }
    };
  }
});

// node_modules/ajv/dist/refs/json-schema-2020-12/meta/core.json
var require_core3 = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-2020-12/meta/core.json"(exports, module) {
    module.exports = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://json-schema.org/draft/2020-12/meta/core",
      $vocabulary: {
        "https://json-schema.org/draft/2020-12/vocab/core": true
      },
      $dynamicAnchor: "meta",
      title: "Core vocabulary meta-schema",
      type: ["object", "boolean"],
      properties: {
        $id: {
          $ref: "#/$defs/uriReferenceString",
          $comment: "Non-empty fragments not allowed.",
          pattern: "^[^#]*#?$"
        },
        $schema: { $ref: "#/$defs/uriString" },
        $ref: { $ref: "#/$defs/uriReferenceString" },
        $anchor: { $ref: "#/$defs/anchorString" },
        $dynamicRef: { $ref: "#/$defs/uriReferenceString" },
        $dynamicAnchor: { $ref: "#/$defs/anchorString" },
        $vocabulary: {
          type: "object",
          propertyNames: { $ref: "#/$defs/uriString" },
          additionalProperties: {
            type: "boolean"
          }
        },
        $comment: {
          type: "string"
        },
        $defs: {
          type: "object",
          additionalProperties: { $dynamicRef: "#meta" }
        }
      },
      $defs: {
        anchorString: {
          type: "string",
          pattern: "^[A-Za-z_][-A-Za-z0-9._]*$"
        },
        uriString: {
          type: "string",
          format: "uri"
        },
        uriReferenceString: {
          type: "string",
          format: "uri-reference"
        }
      }
    };
  }
});

// node_modules/ajv/dist/refs/json-schema-2020-12/meta/format-annotation.json
var require_format_annotation = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-2020-12/meta/format-annotation.json"(exports, module) {
    module.exports = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://json-schema.org/draft/2020-12/meta/format-annotation",
      $vocabulary: {
        "https://json-schema.org/draft/2020-12/vocab/format-annotation": true
      },
      $dynamicAnchor: "meta",
      title: "Format vocabulary meta-schema for annotation results",
      type: ["object", "boolean"],
      properties: {
        format: { type: "string" }
      }
    };
  }
});

// node_modules/ajv/dist/refs/json-schema-2020-12/meta/meta-data.json
var require_meta_data = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-2020-12/meta/meta-data.json"(exports, module) {
    module.exports = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://json-schema.org/draft/2020-12/meta/meta-data",
      $vocabulary: {
        "https://json-schema.org/draft/2020-12/vocab/meta-data": true
      },
      $dynamicAnchor: "meta",
      title: "Meta-data vocabulary meta-schema",
      type: ["object", "boolean"],
      properties: {
        title: {
          type: "string"
        },
        description: {
          type: "string"
        },
        default: true,
        deprecated: {
          type: "boolean",
          default: false
        },
        readOnly: {
          type: "boolean",
          default: false
        },
        writeOnly: {
          type: "boolean",
          default: false
        },
        examples: {
          type: "array",
          items: true
        }
      }
    };
  }
});

// node_modules/ajv/dist/refs/json-schema-2020-12/meta/validation.json
var require_validation2 = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-2020-12/meta/validation.json"(exports, module) {
    module.exports = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://json-schema.org/draft/2020-12/meta/validation",
      $vocabulary: {
        "https://json-schema.org/draft/2020-12/vocab/validation": true
      },
      $dynamicAnchor: "meta",
      title: "Validation vocabulary meta-schema",
      type: ["object", "boolean"],
      properties: {
        type: {
          anyOf: [
            { $ref: "#/$defs/simpleTypes" },
            {
              type: "array",
              items: { $ref: "#/$defs/simpleTypes" },
              minItems: 1,
              uniqueItems: true
            }
          ]
        },
        const: true,
        enum: {
          type: "array",
          items: true
        },
        multipleOf: {
          type: "number",
          exclusiveMinimum: 0
        },
        maximum: {
          type: "number"
        },
        exclusiveMaximum: {
          type: "number"
        },
        minimum: {
          type: "number"
        },
        exclusiveMinimum: {
          type: "number"
        },
        maxLength: { $ref: "#/$defs/nonNegativeInteger" },
        minLength: { $ref: "#/$defs/nonNegativeIntegerDefault0" },
        pattern: {
          type: "string",
          format: "regex"
        },
        maxItems: { $ref: "#/$defs/nonNegativeInteger" },
        minItems: { $ref: "#/$defs/nonNegativeIntegerDefault0" },
        uniqueItems: {
          type: "boolean",
          default: false
        },
        maxContains: { $ref: "#/$defs/nonNegativeInteger" },
        minContains: {
          $ref: "#/$defs/nonNegativeInteger",
          default: 1
        },
        maxProperties: { $ref: "#/$defs/nonNegativeInteger" },
        minProperties: { $ref: "#/$defs/nonNegativeIntegerDefault0" },
        required: { $ref: "#/$defs/stringArray" },
        dependentRequired: {
          type: "object",
          additionalProperties: {
            $ref: "#/$defs/stringArray"
          }
        }
      },
      $defs: {
        nonNegativeInteger: {
          type: "integer",
          minimum: 0
        },
        nonNegativeIntegerDefault0: {
          $ref: "#/$defs/nonNegativeInteger",
          default: 0
        },
        simpleTypes: {
          enum: ["array", "boolean", "integer", "null", "number", "object", "string"]
        },
        stringArray: {
          type: "array",
          items: { type: "string" },
          uniqueItems: true,
          default: []
        }
      }
    };
  }
});

// node_modules/ajv/dist/refs/json-schema-2020-12/index.js
var require_json_schema_2020_12 = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-2020-12/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var metaSchema = require_schema();
    var applicator = require_applicator2();
    var unevaluated = require_unevaluated2();
    var content = require_content();
    var core = require_core3();
    var format = require_format_annotation();
    var metadata = require_meta_data();
    var validation = require_validation2();
    var META_SUPPORT_DATA = ["/properties"];
    function addMetaSchema2020($data) {
      ;
      [
        metaSchema,
        applicator,
        unevaluated,
        content,
        core,
        with$data(this, format),
        metadata,
        with$data(this, validation)
      ].forEach((sch) => this.addMetaSchema(sch, void 0, false));
      return this;
      function with$data(ajv, sch) {
        return $data ? ajv.$dataMetaSchema(sch, META_SUPPORT_DATA) : sch;
      }
    }
    exports.default = addMetaSchema2020;
  }
});

// node_modules/ajv/dist/2020.js
var require__ = __commonJS({
  "node_modules/ajv/dist/2020.js"(exports, module) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.MissingRefError = exports.ValidationError = exports.CodeGen = exports.Name = exports.nil = exports.stringify = exports.str = exports._ = exports.KeywordCxt = exports.Ajv2020 = void 0;
    var core_1 = require_core();
    var draft2020_1 = require_draft2020();
    var discriminator_1 = require_discriminator();
    var json_schema_2020_12_1 = require_json_schema_2020_12();
    var META_SCHEMA_ID = "https://json-schema.org/draft/2020-12/schema";
    var Ajv20202 = class extends core_1.default {
      constructor(opts = {}) {
        super({
          ...opts,
          dynamicRef: true,
          next: true,
          unevaluated: true
        });
      }
      _addVocabularies() {
        super._addVocabularies();
        draft2020_1.default.forEach((v) => this.addVocabulary(v));
        if (this.opts.discriminator)
          this.addKeyword(discriminator_1.default);
      }
      _addDefaultMetaSchema() {
        super._addDefaultMetaSchema();
        const { $data, meta } = this.opts;
        if (!meta)
          return;
        json_schema_2020_12_1.default.call(this, $data);
        this.refs["http://json-schema.org/schema"] = META_SCHEMA_ID;
      }
      defaultMeta() {
        return this.opts.defaultMeta = super.defaultMeta() || (this.getSchema(META_SCHEMA_ID) ? META_SCHEMA_ID : void 0);
      }
    };
    exports.Ajv2020 = Ajv20202;
    module.exports = exports = Ajv20202;
    module.exports.Ajv2020 = Ajv20202;
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.default = Ajv20202;
    var validate_1 = require_validate();
    Object.defineProperty(exports, "KeywordCxt", { enumerable: true, get: function() {
      return validate_1.KeywordCxt;
    } });
    var codegen_1 = require_codegen();
    Object.defineProperty(exports, "_", { enumerable: true, get: function() {
      return codegen_1._;
    } });
    Object.defineProperty(exports, "str", { enumerable: true, get: function() {
      return codegen_1.str;
    } });
    Object.defineProperty(exports, "stringify", { enumerable: true, get: function() {
      return codegen_1.stringify;
    } });
    Object.defineProperty(exports, "nil", { enumerable: true, get: function() {
      return codegen_1.nil;
    } });
    Object.defineProperty(exports, "Name", { enumerable: true, get: function() {
      return codegen_1.Name;
    } });
    Object.defineProperty(exports, "CodeGen", { enumerable: true, get: function() {
      return codegen_1.CodeGen;
    } });
    var validation_error_1 = require_validation_error();
    Object.defineProperty(exports, "ValidationError", { enumerable: true, get: function() {
      return validation_error_1.default;
    } });
    var ref_error_1 = require_ref_error();
    Object.defineProperty(exports, "MissingRefError", { enumerable: true, get: function() {
      return ref_error_1.default;
    } });
  }
});

// src/image/source/registry/registry-client.ts
import { createHash as createHash3 } from "node:crypto";

// src/image/source/registry/challenge.ts
function parseChallenges(header) {
  if (header === void 0) return [];
  const texts = Array.isArray(header) ? header : [header];
  return texts.flatMap((text) => parseOne(text));
}
function parseOne(text) {
  const challenges = [];
  let index = 0;
  let current;
  const skip = (pattern) => {
    while (index < text.length && pattern.test(text.charAt(index))) index += 1;
  };
  while (index < text.length) {
    skip(/[\s,]/);
    const tokenStart = index;
    skip(/[^\s,=]/);
    const token = text.slice(tokenStart, index);
    if (token === "") break;
    const afterToken = index;
    skip(/\s/);
    if (text.charAt(index) === "=" && current) {
      index += 1;
      skip(/\s/);
      current.params[token.toLowerCase()] = readValue();
      continue;
    }
    index = afterToken;
    current = { scheme: token.toLowerCase(), params: {} };
    challenges.push(current);
  }
  return challenges;
  function readValue() {
    if (text.charAt(index) !== '"') {
      const start = index;
      skip(/[^\s,]/);
      return text.slice(start, index);
    }
    index += 1;
    let value = "";
    while (index < text.length && text.charAt(index) !== '"') {
      if (text.charAt(index) === "\\" && index + 1 < text.length) index += 1;
      value += text.charAt(index);
      index += 1;
    }
    index += 1;
    return value;
  }
}

// src/image/source/registry/credential-helper.ts
var HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
var NOT_FOUND = /credentials not found|no credentials|not found in (native )?keychain/i;
async function credentialsFromHelper(helper, serverUrl, options) {
  if (!HELPER_NAME.test(helper)) {
    throw new ConfigurationError(`credential helper name ${JSON.stringify(helper)} is not a plain program name`, {
      path: options.configPath
    });
  }
  const program = `docker-credential-${helper}`;
  let result;
  try {
    result = await exec(program, ["get"], {
      logger: options.logger,
      input: serverUrl,
      env: options.environment,
      timeoutMs: 6e4,
      okExitCodes: [0, 1],
      maxStdoutBytes: 1024 * 1024
    });
  } catch (error) {
    if (error instanceof ToolError && /was not found on PATH/.test(error.message)) {
      const note = `${options.configPath} names credential helper ${program}, which is not installed`;
      options.logger.warning(`${note}; going on without credentials for ${serverUrl}`);
      return { note };
    }
    throw error;
  }
  if (result.exitCode !== 0) {
    const said = `${result.stdout}
${result.stderr}`.trim();
    if (NOT_FOUND.test(said) || said === "") {
      options.logger.debug(`${program}: no credentials for ${serverUrl}`);
      return { note: `${program} holds no credentials for ${serverUrl}` };
    }
    throw new ToolError(`${program} get failed for ${serverUrl}`, {
      command: `${program} get`,
      exitCode: result.exitCode,
      stderrTail: said.slice(-2e3)
    });
  }
  return { auth: parseHelperOutput(result.stdout, program, options.logger) };
}
function parseHelperOutput(stdout, program, logger) {
  let value;
  try {
    value = JSON.parse(stdout);
  } catch {
    throw new ToolError(`${program} get printed something that is not JSON`, { command: `${program} get` });
  }
  const username = isObject(value) && typeof value.Username === "string" ? value.Username : "";
  const secret = isObject(value) && typeof value.Secret === "string" ? value.Secret : "";
  if (secret === "") return {};
  logger.mask(secret);
  if (username === "<token>") return { identityToken: secret };
  return { username, password: secret };
}

// src/image/source/registry/docker-config.ts
import { readFile } from "node:fs/promises";
import path from "node:path";

// src/image/source/image-store.ts
import { readSync } from "node:fs";

// src/json/json-error.ts
function findJsonSyntaxError(text) {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return void 0;
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const { line, column } = lineColumn(text, error.offset);
    return { offset: error.offset, line, column, message: error.message };
  }
}
var SyntaxProblem = class extends Error {
  constructor(message, offset) {
    super(message);
    this.offset = offset;
  }
  offset;
};
var MAX_DEPTH = 512;
var Scanner = class {
  constructor(text) {
    this.text = text;
  }
  text;
  i = 0;
  document() {
    this.value(0);
    this.space();
    if (this.i < this.text.length) this.fail("unexpected text after the document");
  }
  value(depth) {
    if (depth > MAX_DEPTH) this.fail("nested too deeply");
    this.space();
    const c = this.text[this.i];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (c === "-" || c !== void 0 && c >= "0" && c <= "9") return this.number();
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    this.fail(c === void 0 ? "unexpected end of the document" : `unexpected ${JSON.stringify(c)}; expected a value`);
  }
  object(depth) {
    this.i += 1;
    this.space();
    if (this.text[this.i] === "}") {
      this.i += 1;
      return;
    }
    for (; ; ) {
      this.space();
      if (this.text[this.i] !== '"') this.fail("expected a property name in double quotes");
      this.string();
      this.space();
      if (this.text[this.i] !== ":") this.fail("expected ':' after the property name");
      this.i += 1;
      this.value(depth + 1);
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === "}") return;
      if (c !== ",") this.fail("expected ',' or '}'", this.i - 1);
    }
  }
  array(depth) {
    this.i += 1;
    this.space();
    if (this.text[this.i] === "]") {
      this.i += 1;
      return;
    }
    for (; ; ) {
      this.value(depth + 1);
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === "]") return;
      if (c !== ",") this.fail("expected ',' or ']'", this.i - 1);
    }
  }
  string() {
    const start = this.i;
    this.i += 1;
    while (this.i < this.text.length) {
      const c = this.text.charCodeAt(this.i);
      if (c === 34) {
        this.i += 1;
        return;
      }
      if (c < 32) this.fail("control character in a string");
      if (c === 92) {
        const next = this.text[this.i + 1] ?? "";
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.fail("bad \\u escape");
          this.i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === "") this.fail("bad escape in a string");
        this.i += 2;
        continue;
      }
      this.i += 1;
    }
    this.fail("unterminated string", start);
  }
  number() {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!match) this.fail("malformed number");
    this.i += match[0].length;
  }
  space() {
    while (this.i < this.text.length && " 	\n\r".includes(this.text[this.i])) this.i += 1;
  }
  fail(message, at = this.i) {
    throw new SyntaxProblem(message, at);
  }
};
function lineColumn(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

// src/image/layers/layer-analyzer.ts
import { createHash } from "node:crypto";
import zlib from "node:zlib";
function visitorSink(result) {
  return typeof result === "object" && result !== null && "data" in result ? result : void 0;
}
var INFLATE_CHUNK = 256 * 1024;
var GZIP_MAGIC = [31, 139];
var ZSTD_MAGIC = [40, 181, 47, 253];
var LayerAnalyzer = class {
  constructor(label, options) {
    this.label = label;
    this.options = options;
    this.blobHash = options.hash && options.hashBlob !== false ? createHash("sha256") : void 0;
    const visitor = options.visitor;
    this.parser = new TarParser(
      label,
      (entry) => {
        if (entry.type === "file") this.regularBytes += entry.size;
        return visitor ? visitorSink(visitor(entry)) : void 0;
      },
      { maxMetaBytes: options.limits.maxTarMetaBytes }
    );
  }
  label;
  options;
  blobHash;
  tarHash;
  parser;
  compression;
  head = [];
  headBytes = 0;
  blobSize = 0;
  tarSize = 0;
  regularBytes = 0;
  inflater;
  inflaterDone;
  failure;
  /** Feeds the next bytes of the blob; when it returns a promise, wait for it before writing more. */
  write(chunk) {
    this.throwIfFailed();
    if (chunk.length === 0) return void 0;
    this.blobSize += chunk.length;
    this.blobHash?.update(chunk);
    if (this.compression === void 0) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < ZSTD_MAGIC.length) return void 0;
      return this.start();
    }
    return this.feed(chunk);
  }
  /** Finishes the blob: flushes the decompressor, checks the tar ended properly and returns the figures. */
  async end() {
    this.throwIfFailed();
    if (this.compression === void 0) await this.start();
    if (this.inflater) {
      this.inflater.end();
      await this.inflaterDone;
    }
    this.throwIfFailed();
    this.parser.end();
    const blobDigest = this.blobHash ? `sha256:${this.blobHash.digest("hex")}` : void 0;
    const compression = this.compression ?? "none";
    const diffId = compression === "none" ? blobDigest : this.tarHash && `sha256:${this.tarHash.digest("hex")}`;
    return {
      compression,
      blobSize: this.blobSize,
      ...blobDigest ? { blobDigest } : {},
      tarSize: compression === "none" ? this.blobSize : this.tarSize,
      ...diffId ? { diffId } : {},
      regularBytes: this.regularBytes,
      entries: this.parser.entries
    };
  }
  /** Stops a decompressor early (the caller gave up); safe to call more than once. */
  destroy() {
    this.inflater?.destroy();
  }
  start() {
    const head = Buffer.concat(this.head, this.headBytes);
    this.head = [];
    this.compression = hasMagic(head, GZIP_MAGIC) ? "gzip" : hasMagic(head, ZSTD_MAGIC) ? "zstd" : "none";
    if (this.compression !== "none") this.startInflater(this.compression);
    return head.length > 0 ? this.feed(head) : void 0;
  }
  feed(chunk) {
    if (!this.inflater) {
      this.parser.write(chunk);
      return void 0;
    }
    if (this.inflater.write(chunk)) return void 0;
    const inflater = this.inflater;
    return new Promise((resolve) => {
      const settle = () => {
        inflater.off("drain", settle);
        inflater.off("close", settle);
        inflater.off("error", settle);
        resolve();
      };
      inflater.on("drain", settle);
      inflater.on("close", settle);
      inflater.on("error", settle);
    });
  }
  startInflater(compression) {
    this.tarHash = this.options.hash ? createHash("sha256") : void 0;
    const inflater = compression === "gzip" ? zlib.createGunzip({ chunkSize: INFLATE_CHUNK }) : createZstd(this.label);
    const cap = this.options.limits.maxInflatedLayerBytes;
    inflater.on("data", (chunk) => {
      if (this.failure !== void 0) return;
      this.tarSize += chunk.length;
      if (this.tarSize > cap) {
        this.fail(
          tarError(
            this.label,
            `decompresses to more than ${cap} bytes (the limit on an uncompressed layer) after ${this.blobSize} compressed bytes: refusing a possible compression bomb`
          )
        );
        return;
      }
      this.tarHash?.update(chunk);
      try {
        this.parser.write(chunk);
      } catch (error) {
        this.fail(error);
      }
    });
    this.inflaterDone = new Promise((resolve) => {
      inflater.on("end", resolve);
      inflater.on("close", resolve);
      inflater.on("error", (error) => {
        if (this.failure === void 0) {
          const truncated = error.code === "Z_BUF_ERROR" || /unexpected end/i.test(error.message);
          this.failure = tarError(
            this.label,
            truncated ? `the ${compression} stream is truncated (${this.blobSize} compressed bytes)` : `the ${compression} data is corrupt: ${error.message}`
          );
        }
        resolve();
      });
    });
    this.inflater = inflater;
  }
  fail(error) {
    if (this.failure === void 0) this.failure = error;
    this.inflater?.destroy();
  }
  throwIfFailed() {
    if (this.failure !== void 0) throw this.failure;
  }
};
function hasMagic(head, magic) {
  return magic.every((byte, i) => head[i] === byte);
}
function createZstd(label) {
  const factory = zlib.createZstdDecompress;
  if (!factory) {
    throw new ToolError(
      `${label.what ?? label.path}: the layer is zstd-compressed, which needs Node.js 22.15 or later (this is ${process.version})`,
      { command: "node" }
    );
  }
  return factory({ chunkSize: INFLATE_CHUNK });
}

// src/tar/tar-file.ts
var READ_CHUNK = 1024 * 1024;
async function walkTarFile(file, region, label, onEntry, options = {}) {
  const parser = new TarParser(label, onEntry, { baseOffset: 0 });
  const end = region.offset + region.length;
  const buffer = Buffer.allocUnsafe(Math.min(options.chunkSize ?? READ_CHUNK, Math.max(region.length, 512)));
  let position = region.offset;
  while (position < end && !parser.done) {
    const want = Math.min(buffer.length, end - position);
    const { bytesRead } = await file.read(buffer, 0, want, position);
    if (bytesRead === 0) break;
    parser.write(buffer.subarray(0, bytesRead));
    position += bytesRead;
    const skip = Math.min(parser.skippable(), end - position);
    if (skip > 0) {
      parser.skip(skip);
      position += skip;
    }
  }
  parser.end();
  return parser;
}
async function* readRegion(file, region, chunkSize = READ_CHUNK) {
  let position = region.offset;
  const end = region.offset + region.length;
  while (position < end) {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, end - position));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
  }
}

// src/image/source/image-store.ts
function missingEntry(store, name, what) {
  return new ConfigurationError(`${what} ${excerpt(name, ENTRY_NAME_MAX)} is not in the archive`, { path: store.path });
}
async function readJson(store, name, limits, what) {
  const bytes = await store.readBytes(name, limits.maxJsonBytes, what);
  return { value: parseJson(bytes, store.locate(name), what), bytes };
}
function parseJson(bytes, location, what) {
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    if (!problem) throw error;
    throw new ConfigurationError(`${what} is not valid JSON: ${problem.message}`, {
      path: location,
      line: problem.line,
      column: problem.column
    });
  }
}
async function analyzeFileRegion(file, region, label, options, filePath) {
  const hasher = filePath !== void 0 ? options.hasher : void 0;
  const compressed = region.length >= 4 && await isCompressed(file, region.offset);
  if (!compressed && region.length >= 4 && (!options.hash || hasher)) {
    let regularBytes = 0;
    const visitor = options.visitor;
    const onEntry = (entry) => {
      if (entry.type === "file") regularBytes += entry.size;
      return visitor ? visitorSink(visitor(entry)) : void 0;
    };
    let digest;
    let parser;
    if (options.hash && hasher) {
      const stream = hasher.stream(filePath, region);
      digest = stream.digest;
      digest.catch(() => void 0);
      parser = new TarParser(label, onEntry, { baseOffset: 0 });
      for await (const chunk of stream.chunks) parser.write(chunk);
      parser.end();
    } else {
      parser = await walkTarFile(file, region, label, onEntry);
    }
    return {
      compression: "none",
      blobSize: region.length,
      tarSize: region.length,
      regularBytes,
      entries: parser.entries,
      ...digest ? { pendingDigest: digest } : {}
    };
  }
  const blobDigest = options.hash && compressed ? hasher?.hash(filePath, region) : void 0;
  blobDigest?.catch(() => void 0);
  const analyzer = new LayerAnalyzer(label, { ...options, hashBlob: blobDigest === void 0 });
  try {
    for await (const chunk of readRegion(file, region)) {
      const wait = analyzer.write(chunk);
      if (wait) await wait;
    }
    const stats = await analyzer.end();
    return blobDigest ? { ...stats, pendingDigest: blobDigest } : stats;
  } finally {
    analyzer.destroy();
  }
}
async function isCompressed(file, offset) {
  const head = Buffer.alloc(4);
  readSync(file.fd, head, 0, 4, offset);
  return head[0] === 31 && head[1] === 139 || head.readUInt32BE(0) === 682962941;
}

// src/image/source/registry/docker-config.ts
async function readDockerConfig(environment) {
  const file = dockerConfigPath(environment);
  if (!file) return void 0;
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT" || code === "ENOTDIR") return void 0;
    throw new ConfigurationError(`cannot read Docker's config: ${error.message}`, { path: file });
  }
  return parseDockerConfig(parseJson(bytes, file, "Docker's config"), file);
}
function dockerConfigPath(environment) {
  const dir = environment.DOCKER_CONFIG;
  if (dir) return path.join(dir, "config.json");
  const home = environment.HOME ?? environment.USERPROFILE;
  return home ? path.join(home, ".docker", "config.json") : void 0;
}
function parseDockerConfig(value, file) {
  const fail = (message) => {
    throw new ConfigurationError(`Docker's config: ${message}`, { path: file });
  };
  if (!isObject(value)) return fail("expected a JSON object");
  const auths = /* @__PURE__ */ new Map();
  if (value.auths !== void 0) {
    if (!isObject(value.auths)) return fail('"auths" is not an object');
    for (const [key, entry] of Object.entries(value.auths)) {
      if (!isObject(entry)) return fail(`auths["${key}"] is not an object`);
      const auth = storedAuth(entry, (message) => fail(`auths["${key}"]: ${message}`));
      const registry = registryOfKey(key);
      if (!auths.has(registry)) auths.set(registry, auth);
    }
  }
  const credHelpers = /* @__PURE__ */ new Map();
  if (value.credHelpers !== void 0) {
    if (!isObject(value.credHelpers)) return fail('"credHelpers" is not an object');
    for (const [key, helper] of Object.entries(value.credHelpers)) {
      if (typeof helper !== "string") return fail(`credHelpers["${key}"] is not a string`);
      credHelpers.set(registryOfKey(key), helper);
    }
  }
  const store = value.credsStore;
  if (store !== void 0 && typeof store !== "string") return fail('"credsStore" is not a string');
  return { path: file, auths, credHelpers, ...store ? { credsStore: store } : {} };
}
function registryOfKey(key) {
  const withoutScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  return normalizeRegistry(withoutScheme.split("/")[0] ?? "");
}
function storedAuth(entry, fail) {
  const auth = {};
  const text = (key) => {
    const field = entry[key];
    if (field === void 0 || field === null || field === "") return void 0;
    if (typeof field !== "string") return fail(`"${key}" is not a string`);
    return field;
  };
  const encoded = text("auth");
  if (encoded !== void 0) {
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) return fail('"auth" is not base64 of username:password');
    auth.username = decoded.slice(0, colon);
    auth.password = decoded.slice(colon + 1);
  } else {
    const username = text("username");
    const password = text("password");
    if (username !== void 0 && password !== void 0) Object.assign(auth, { username, password });
  }
  const identityToken = text("identitytoken");
  if (identityToken !== void 0) auth.identityToken = identityToken;
  const registryToken = text("registrytoken");
  if (registryToken !== void 0) auth.registryToken = registryToken;
  return auth;
}

// src/image/source/registry/credentials.ts
var USERNAME_VARIABLE = "IMAGEGATE_REGISTRY_USERNAME";
var PASSWORD_VARIABLE = "IMAGEGATE_REGISTRY_PASSWORD";
async function resolveCredentials(registry, options) {
  const { logger, environment } = options;
  const username = environment[USERNAME_VARIABLE];
  const password = environment[PASSWORD_VARIABLE];
  if (username || password) {
    if (!username || !password) {
      const missing = username ? PASSWORD_VARIABLE : USERNAME_VARIABLE;
      throw new ConfigurationError(
        `${username ? USERNAME_VARIABLE : PASSWORD_VARIABLE} is set but ${missing} is not; set both or neither`
      );
    }
    mask(logger, { username, password });
    return { credentials: { username, password, source: `${USERNAME_VARIABLE}/${PASSWORD_VARIABLE}` } };
  }
  const config = await readDockerConfig(environment);
  if (!config) return {};
  const fromHelper = async (helper2) => {
    const serverUrl = registry === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : registry;
    const result = await credentialsFromHelper(helper2, serverUrl, { logger, environment, configPath: config.path });
    if (!result.auth || !usable(result.auth)) return result.note ? { note: result.note } : {};
    return { credentials: { ...result.auth, source: `docker-credential-${helper2} (${config.path})` } };
  };
  const helper = config.credHelpers.get(registry);
  if (helper) return fromHelper(helper);
  const stored = config.auths.get(registry);
  if (stored && usable(stored)) {
    mask(logger, stored);
    return { credentials: { ...stored, source: config.path } };
  }
  if (config.credsStore) return fromHelper(config.credsStore);
  return {};
}
function usable(auth) {
  return auth.username !== void 0 && auth.password !== void 0 || !!auth.identityToken || !!auth.registryToken;
}
function mask(logger, auth) {
  for (const secret of [auth.password, auth.identityToken, auth.registryToken]) if (secret) logger.mask(secret);
  if (auth.username !== void 0 && auth.password !== void 0) {
    logger.mask(Buffer.from(`${auth.username}:${auth.password}`).toString("base64"));
  }
}

// src/image/source/registry/registry-errors.ts
async function registryFailure(response, context) {
  return failureFor(response, context, await errorDetail(response));
}
async function errorDetail(response) {
  let detail = "";
  if (response.request.method !== "HEAD") {
    try {
      detail = errorSummary(await response.bytes(64 * 1024, "the error body"));
    } catch {
      detail = "";
    }
  }
  response.discard();
  return detail;
}
function failureFor(response, context, detail) {
  const { registry, subject, what } = context;
  const { status } = response;
  const request = `${response.request.method} ${new URL(response.request.url).pathname}`;
  const said = detail ? ` (${detail})` : "";
  const command = `${response.request.method} ${response.request.url}`;
  const source = context.credentials?.source;
  if (status === 401) {
    if (!source) {
      const hub = registry === DOCKER_HUB ? "; Docker Hub also answers this for repositories that do not exist" : "";
      const note = context.credentialNote ? ` (${context.credentialNote})` : "";
      return new ConfigurationError(
        `${subject}: registry ${registry} requires authentication for the ${what}${said}${hub}. Set ${USERNAME_VARIABLE} and ${PASSWORD_VARIABLE}, or log in with \`docker login ${registry}\`${note}`
      );
    }
    return new ConfigurationError(
      `${subject}: registry ${registry} did not accept the credentials from ${source} for the ${what}${said}`
    );
  }
  if (status === 403) {
    return new ConfigurationError(
      `${subject}: registry ${registry} denied access to the ${what} ${source ? `with the credentials from ${source}` : "to anonymous requests"}${said}`
    );
  }
  if (status === 404) {
    const message = `${subject}: ${what} not found in registry ${registry}${said}`;
    return context.missingIsUserError ? new ConfigurationError(message) : new ToolError(message, { command });
  }
  if (status === 429 || status >= 500 || status === 408) {
    const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : "";
    const wait = response.retryAfterMs !== void 0 ? `; it asks to wait ${Math.ceil(response.retryAfterMs / 1e3)} s, longer than imagegate waits` : "";
    const why = status === 429 ? "is rate-limiting imagegate: 429 Too Many Requests" : `failed with HTTP ${status}`;
    return new ToolError(`registry ${registry} ${why} for ${request}${tries}${wait}${said}`, { command });
  }
  return new ToolError(`registry ${registry} answered HTTP ${status} to ${request} for ${subject}${said}`, {
    command
  });
}
function errorSummary(body) {
  const text = body.toString("utf8").trim();
  try {
    const value = JSON.parse(text);
    const errors = isObject(value) && Array.isArray(value.errors) ? value.errors : [];
    const parts = errors.filter(isObject).map((error) => [error.code, error.message].filter((part) => typeof part === "string" && part).join(": ")).filter(Boolean);
    if (parts.length > 0) return parts.join("; ").slice(0, 500);
  } catch {
  }
  return /^[\x20-\x7e]{1,200}$/.test(text) ? text : "";
}

// src/image/source/registry/auth.ts
var EXPIRY_MARGIN_MS = 1e4;
var DEFAULT_TOKEN_LIFETIME_S = 60;
var TOKEN_RESPONSE_MAX_BYTES = 1024 * 1024;
var RegistryAuth = class {
  constructor(endpoint, transport, logger, credentials, credentialNote, now = Date.now, insecureRegistries = []) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.logger = logger;
    this.credentials = credentials;
    this.credentialNote = credentialNote;
    this.now = now;
    this.insecureRegistries = insecureRegistries;
  }
  endpoint;
  transport;
  logger;
  credentials;
  credentialNote;
  now;
  insecureRegistries;
  tokens = /* @__PURE__ */ new Map();
  /** Token requests in flight by scope: concurrent requests in one scope share one. */
  pending = /* @__PURE__ */ new Map();
  bearer;
  basic = false;
  /** The Authorization header for a request in `scope`, fetching a token when the realm is already known. */
  async authorization(scope, subject) {
    const credentials = this.credentials;
    if (credentials?.registryToken) return `Bearer ${credentials.registryToken}`;
    if (this.basic) return basicHeader(credentials);
    if (!this.bearer) return void 0;
    const cached = this.tokens.get(scope);
    if (cached && cached.expiresAt > this.now() + EXPIRY_MARGIN_MS) return cached.header;
    return this.fetchToken(scope, [], subject);
  }
  /**
   * Answers a 401 with what its challenge asks for. Returns false when there is nothing new to try (the caller
   * then reports the 401).
   */
  async answer(response, scope, subject) {
    const challenges = parseChallenges(response.headers["www-authenticate"]);
    const bearer = challenges.find((c) => c.scheme === "bearer" && c.params.realm);
    if (bearer) {
      const learned = !this.bearer;
      this.bearer = { realm: bearer.params.realm, ...serviceOf(bearer) };
      const cached = this.tokens.get(scope);
      if (!learned && cached && cached.expiresAt > this.now() + EXPIRY_MARGIN_MS) return false;
      await this.fetchToken(scope, scopesOf(bearer), subject);
      return true;
    }
    if (challenges.some((c) => c.scheme === "basic") && !this.basic) {
      if (!this.credentials?.username || this.credentials.password === void 0) return false;
      this.refuseCleartext(new URL(this.endpoint.baseUrl));
      this.basic = true;
      return true;
    }
    return false;
  }
  async fetchToken(scope, extraScopes, subject) {
    const inFlight = this.pending.get(scope);
    if (inFlight) return inFlight;
    const fetching = this.requestToken(scope, extraScopes, subject);
    this.pending.set(scope, fetching);
    try {
      return await fetching;
    } finally {
      this.pending.delete(scope);
    }
  }
  async requestToken(scope, extraScopes, subject) {
    const bearer = this.bearer;
    const credentials = this.credentials;
    const scopes = [...new Set([scope, ...extraScopes].filter(Boolean))];
    const url = new URL(bearer.realm);
    if (bearer.service) url.searchParams.set("service", bearer.service);
    for (const item of scopes) url.searchParams.append("scope", item);
    let response;
    if (credentials?.identityToken) {
      this.refuseCleartext(url);
      const form = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: credentials.identityToken,
        client_id: "imagegate",
        ...bearer.service ? { service: bearer.service } : {}
      });
      for (const item of scopes) form.append("scope", item);
      response = await this.transport.send({ method: "POST", url: bearer.realm, body: form.toString() });
    } else {
      const basic = basicHeader(credentials);
      if (basic) this.refuseCleartext(url);
      response = await this.transport.send({
        method: "GET",
        url: url.toString(),
        headers: basic ? { authorization: basic } : {}
      });
    }
    if (response.status !== 200) {
      throw await registryFailure(response, {
        registry: this.endpoint.registry,
        subject,
        what: `token for ${scopes.join(" ")} (token service ${url.origin}${url.pathname})`,
        missingIsUserError: false,
        ...credentials ? { credentials } : {},
        ...this.credentialNote ? { credentialNote: this.credentialNote } : {}
      });
    }
    const body = await response.bytes(TOKEN_RESPONSE_MAX_BYTES, "token response");
    const token = parseToken(body, url);
    this.logger.mask(token.value);
    const header = `Bearer ${token.value}`;
    const expiresAt = this.now() + token.lifetimeSeconds * 1e3;
    this.tokens.set(scope, { header, expiresAt });
    this.logger.debug(`registry ${this.endpoint.registry}: token for ${scopes.join(" ")} (${token.lifetimeSeconds} s)`);
    return header;
  }
  /** Throws (exit 3, nothing sent) unless a secret may go to `target` (see the class comment). */
  refuseCleartext(target) {
    if (target.protocol === "https:") return;
    const registry = new URL(this.endpoint.baseUrl);
    if (this.endpoint.insecure) {
      if (target.origin === registry.origin) return;
      if (isLoopback(this.endpoint.registry) && isLoopbackHostname(target.hostname)) return;
      if (isListedInsecure(target.host, this.insecureRegistries)) return;
    }
    const why = this.endpoint.insecure ? "plain http to another origin than the registry" : "plain http, while the registry itself is reached over https";
    throw new ToolError(
      `registry ${this.endpoint.registry} points its token realm at ${target.origin}${target.pathname}, ${why}; imagegate sent no credentials there (credentials go to a token realm over https, or over http only on the registry's own origin or a host listed with --insecure-registry)`,
      { command: `GET ${target.origin}${target.pathname}` }
    );
  }
};
function basicHeader(credentials) {
  if (!credentials?.username || credentials.password === void 0) return void 0;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}
function serviceOf(challenge) {
  return challenge.params.service ? { service: challenge.params.service } : {};
}
function scopesOf(challenge) {
  return (challenge.params.scope ?? "").split(" ").filter(Boolean);
}
function parseToken(body, url) {
  let value;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ToolError(`token service ${url.origin}${url.pathname} answered with something that is not JSON`, {
      command: `GET ${url.origin}${url.pathname}`,
      stderrTail: errorSummary(body)
    });
  }
  const token = isObject(value) ? value.token ?? value.access_token : void 0;
  if (typeof token !== "string" || token === "") {
    throw new ToolError(`token service ${url.origin}${url.pathname} answered without a token`, {
      command: `GET ${url.origin}${url.pathname}`
    });
  }
  const expires = isObject(value) ? value.expires_in : void 0;
  const lifetimeSeconds = typeof expires === "number" && Number.isFinite(expires) && expires > 0 ? expires : DEFAULT_TOKEN_LIFETIME_S;
  return { value: token, lifetimeSeconds };
}

// src/image/source/registry/concurrency.ts
var ConcurrencyLimit = class {
  constructor(limit) {
    this.limit = limit;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`concurrency limit ${limit}: expected ≥ 1`);
  }
  limit;
  active = 0;
  waiting = [];
  /** Waits for a slot; call the returned function exactly once to give it back. */
  async acquire() {
    if (this.active >= this.limit) await new Promise((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    };
  }
  async run(task) {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
  /** Requests in flight now. */
  get inFlight() {
    return this.active;
  }
};

// src/image/source/registry/digests.ts
import { createHash as createHash2 } from "node:crypto";
var DIGEST = /^(sha256|sha384|sha512):([a-f0-9]+)$/;
function algorithmOf(digest, subject) {
  const algorithm = DIGEST.exec(digest)?.[1];
  if (!algorithm) throw new ConfigurationError(`${subject}: ${JSON.stringify(digest)} is not a sha256/384/512 digest`);
  return algorithm;
}
function digestOf(bytes, like, subject) {
  const algorithm = like === "sha256:" ? "sha256" : algorithmOf(like, subject);
  return `${algorithm}:${createHash2(algorithm).update(bytes).digest("hex")}`;
}

// src/image/source/registry/manifest.ts
var OCI_INDEX = "application/vnd.oci.image.index.v1+json";
var DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
var DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
var SCHEMA1_TYPES = /* @__PURE__ */ new Set([
  "application/vnd.docker.distribution.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v1+prettyjws"
]);
var IMAGE_CONFIG_TYPES = /* @__PURE__ */ new Set([
  "application/vnd.oci.image.config.v1+json",
  "application/vnd.docker.container.image.v1+json"
]);
var MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(", ");
function bareMediaType(contentType) {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type ? type : void 0;
}
function manifestKind(body, contentType, subject) {
  const declared = isObject(body) && typeof body.mediaType === "string" ? body.mediaType : bareMediaType(contentType);
  const schema1 = declared !== void 0 && SCHEMA1_TYPES.has(declared) || isObject(body) && body.schemaVersion === 1;
  if (schema1) {
    throw new ConfigurationError(
      `${subject} is stored as a Docker image manifest schema 1, which imagegate does not read (it was deprecated in 2017 and current registries and Docker no longer serve it); push the image again with a current docker or buildx, which writes schema 2 or OCI`
    );
  }
  if (declared === OCI_INDEX || declared === DOCKER_MANIFEST_LIST) return "index";
  if (declared === OCI_MANIFEST || declared === DOCKER_MANIFEST) return "manifest";
  if (isObject(body) && Array.isArray(body.manifests)) return "index";
  if (isObject(body) && isObject(body.config) && Array.isArray(body.layers)) return "manifest";
  throw new ConfigurationError(
    `${subject} is not a container image: the registry serves it as ${declared ?? "an unknown media type"}`
  );
}
function checkImageConfigType(mediaType, subject) {
  if (mediaType === void 0 || IMAGE_CONFIG_TYPES.has(mediaType)) return;
  throw new ConfigurationError(`${subject} is an OCI artifact with config type ${mediaType}, not a container image`);
}

// src/image/source/registry/paged-list.ts
var LIST_PAGE_MAX_BYTES = 32 * 1024 * 1024;
async function* pagedList(request, get) {
  const { pageSize, registry, what } = request;
  if (pageSize !== void 0 && (!Number.isSafeInteger(pageSize) || pageSize < 1)) {
    throw new Error(`page size ${pageSize}: expected a positive integer`);
  }
  let url = `${request.url}${pageSize ? `?n=${pageSize}` : ""}`;
  const seen = /* @__PURE__ */ new Set();
  const budget = new PageBudget(request.caps, request.key === "tags" ? "tags" : "repositories");
  const capped = (error, at) => {
    if (!(error instanceof PageCapError)) throw error;
    throw new ToolError(`registry ${registry} lists the ${what} of ${request.subject} in ${error.message}`, {
      command: `GET ${at}`
    });
  };
  while (url !== void 0) {
    if (seen.has(url)) {
      throw new ToolError(`registry ${registry} pages its ${what} in a loop`, { command: `GET ${url}` });
    }
    seen.add(url);
    try {
      budget.nextPage();
    } catch (error) {
      capped(error, url);
    }
    const response = await get(url);
    const next = nextLinkUrl(response.headers.link, url);
    const bytes = await response.bytes(LIST_PAGE_MAX_BYTES, what);
    const names = parseList(bytes, request.key, `${what} of ${request.subject}`, url);
    try {
      budget.take(names.length);
    } catch (error) {
      capped(error, url);
    }
    yield names;
    if (next !== void 0 && new URL(next).origin !== new URL(url).origin) {
      throw new ToolError(`registry ${registry} links the next page of its ${what} to another host`, {
        command: `GET ${url}`
      });
    }
    url = next;
  }
}
function parseList(bytes, key, what, url) {
  let value;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new ToolError(`the ${what} is not JSON`, { command: `GET ${url}` });
  }
  const list = isObject(value) ? value[key] : void 0;
  if (list === null || list === void 0) return [];
  if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) {
    throw new ToolError(`the ${what} has no list of names under "${key}"`, { command: `GET ${url}` });
  }
  return list;
}

// src/image/source/registry/transport.ts
import { setTimeout as sleep } from "node:timers/promises";
var MIN_BYTES_PER_SECOND = 256 * 1024;
var DRAIN_BYTES = 64 * 1024;
var PERMANENT_NETWORK = /ENOTFOUND|CERT|certificate|self.signed|EPROTO|Redirect from HTTPS to HTTP/i;
var RegistryTransport = class {
  constructor(options) {
    this.options = options;
    this.wait = options.sleep ?? ((ms) => sleep(ms).then(() => void 0));
  }
  options;
  agents = new AgentPool(true);
  wait;
  /**
   * Sends the request, retrying what can be retried. The response returned may still be an error status (the
   * caller knows what a 404 means); `attempts` says how many tries it took.
   */
  async send(request) {
    const { logger } = this.options;
    const policy = registryRetryPolicy(this.options.retry);
    for (let attempt = 1; ; attempt++) {
      const release = await this.options.limit.acquire();
      const started = Date.now();
      const deadline = new Deadline(
        request.expectedBytes !== void 0 ? transferDeadlineMs(this.options.deadlineMs, request.expectedBytes, MIN_BYTES_PER_SECOND) : this.options.deadlineMs
      );
      let message;
      try {
        const answer = await sendHttp(
          {
            method: request.method,
            url: request.url,
            headers: {
              ...request.headers,
              ...request.body !== void 0 ? { "content-type": request.contentType ?? "application/x-www-form-urlencoded" } : {}
            },
            ...request.body !== void 0 ? { body: request.body } : {}
          },
          { agents: this.agents, deadline, idleTimeoutMs: this.options.timeoutMs }
        );
        message = answer.message;
      } catch (error) {
        release();
        deadline.end();
        const reason = error.message;
        const permanent = error instanceof RedirectError || error instanceof DeadlineError || PERMANENT_NETWORK.test(reason);
        const delay = permanent ? void 0 : networkRetryDelay(attempt, policy);
        if (delay !== void 0) {
          logger.debug(`registry: ${request.method} ${request.url} failed (${reason}); retrying in ${delay} ms`);
          await this.wait(delay);
          continue;
        }
        throw new ToolError(
          `could not reach registry ${this.options.registry}: ${reason}` + (attempt > 1 ? ` (after ${attempt} attempts)` : ""),
          { command: `${request.method} ${request.url}` },
          { cause: error }
        );
      }
      const status = message.statusCode ?? 0;
      logger.debug(`registry: ${request.method} ${request.url} → ${status} (${Date.now() - started} ms)`);
      const response = new RegistryResponse(message, release, request, attempt, this.options.timeoutMs, deadline);
      const step = nextRetryStep(attempt, retryDecision(status, message.headers, Date.now(), policy), policy);
      if (step.kind === "give-up") return response;
      if (step.kind === "too-long") {
        response.retryAfterMs = step.askedMs;
        return response;
      }
      response.discard();
      logger.info(
        `registry ${this.options.registry} answered ${status} to ${request.method} ${pathOf(request.url)}; retrying in ${Math.round(step.ms / 100) / 10} s${step.asked ? " as Retry-After asks" : ""}`
      );
      await this.wait(step.ms);
    }
  }
  /** Closes kept-alive connections. */
  close() {
    this.agents.dispose();
  }
};
var TransferError = class extends ToolError {
};
var RegistryResponse = class {
  constructor(message, release, request, attempts, timeoutMs, deadline) {
    this.message = message;
    this.release = release;
    this.request = request;
    this.attempts = attempts;
    this.timeoutMs = timeoutMs;
    this.deadline = deadline;
    this.status = message.statusCode ?? 0;
    this.headers = message.headers;
    message.once("close", release);
  }
  message;
  release;
  request;
  attempts;
  timeoutMs;
  deadline;
  status;
  headers;
  /** Set when the registry asked to wait longer than imagegate does. */
  retryAfterMs;
  header(name) {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }
  /** The whole body, refused when it is larger than `maxBytes`. */
  async bytes(maxBytes, what) {
    try {
      return await readCappedBody(this.message, maxBytes);
    } catch (error) {
      if (error instanceof BodyError && error.problem === "too-large") throw this.tooLarge(what, maxBytes);
      const reason = error instanceof BodyError ? error.message : error.message;
      throw new (error instanceof BodyError && !this.deadline.expired ? TransferError : ToolError)(
        `reading ${what} from ${pathOf(this.request.url)} failed: ${reason}` + (this.deadline.expired ? ` (${new DeadlineError(this.deadline.ms).message})` : ""),
        { command: `${this.request.method} ${this.request.url}` },
        { cause: error }
      );
    } finally {
      this.discard();
    }
  }
  /** The body as it arrives; a stalled or dropped connection is a ToolError naming `what`. */
  async *stream(what) {
    const message = this.message;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => message.destroy(new Error(`no data for ${this.timeoutMs / 1e3} s`)), this.timeoutMs);
    };
    let received = 0;
    try {
      arm();
      for await (const chunk of message) {
        received += chunk.length;
        arm();
        yield chunk;
      }
      if (!message.complete) throw new Error("the connection closed before the end of the body");
    } catch (error) {
      if (error instanceof ToolError) throw error;
      throw new (this.deadline.expired ? ToolError : TransferError)(
        `reading ${what} from ${pathOf(this.request.url)} failed after ${received} bytes: ${error.message}`,
        { command: `${this.request.method} ${this.request.url}` },
        { cause: error }
      );
    } finally {
      clearTimeout(timer);
      this.discard();
    }
  }
  /**
   * Drops the body (and the slot). A body that is complete or small is drained, which keeps the connection for the
   * next request (HEAD, errors, redirects); a large one still on the wire is cut. Safe to call more than once.
   */
  discard() {
    const message = this.message;
    if (!message.destroyed && !message.readableEnded) {
      const declared = Number(this.header("content-length"));
      if (message.complete || Number.isFinite(declared) && declared <= DRAIN_BYTES) message.resume();
      else message.destroy();
    }
    this.deadline.end();
    this.release();
  }
  tooLarge(what, maxBytes) {
    return new ToolError(`${what} is larger than the ${maxBytes} bytes imagegate reads`, {
      command: `${this.request.method} ${this.request.url}`
    });
  }
};
function pathOf(url) {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

// src/image/source/registry/registry-client.ts
var DEFAULT_CONCURRENCY = 8;
var DEFAULT_TIMEOUT_MS = 6e4;
var DEFAULT_DEADLINE_MS = 18e4;
var DEFAULT_MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
var MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
var RegistryClient = class _RegistryClient {
  constructor(endpoint, transport, auth, logger, retry, maxDocumentBytes, pageCaps) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.auth = auth;
    this.logger = logger;
    this.retry = retry;
    this.maxDocumentBytes = maxDocumentBytes;
    this.pageCaps = pageCaps;
  }
  endpoint;
  transport;
  auth;
  logger;
  retry;
  maxDocumentBytes;
  pageCaps;
  /** A client for `registry` (as references name it: `docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  static async open(registry, options) {
    const { logger } = options;
    const endpoint = registryEndpoint(registry, options.insecureRegistries);
    const lookup = options.credentials ? { credentials: options.credentials } : await resolveCredentials(endpoint.registry, { logger, environment: options.environment });
    if (options.credentials?.password) logger.mask(options.credentials.password);
    const retry = { ...REGISTRY_RETRY, ...options.retry };
    const transport = new RegistryTransport({
      logger,
      registry: endpoint.registry,
      limit: new ConcurrencyLimit(options.concurrency ?? DEFAULT_CONCURRENCY),
      retry,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      ...options.sleep ? { sleep: options.sleep } : {}
    });
    const auth = new RegistryAuth(
      endpoint,
      transport,
      logger,
      lookup.credentials,
      lookup.note,
      Date.now,
      options.insecureRegistries ?? []
    );
    logger.debug(
      `registry ${endpoint.registry}: ${endpoint.baseUrl}, ` + (lookup.credentials ? `credentials from ${lookup.credentials.source}` : "anonymous")
    );
    return new _RegistryClient(
      endpoint,
      transport,
      auth,
      logger,
      retry,
      options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
      { ...DEFAULT_PAGE_CAPS, ...options.pageCaps }
    );
  }
  get registry() {
    return this.endpoint.registry;
  }
  /** Where the credentials in use came from; undefined when anonymous. */
  get credentialSource() {
    return this.auth.credentials?.source;
  }
  /** The manifest (or index) a tag or digest names, digest-verified. A missing one is a ConfigurationError. */
  async getManifest(repository, reference) {
    const subject = this.subject(repository, reference);
    const response = await this.request("GET", this.manifestPath(repository, reference), {
      repository,
      accept: MANIFEST_ACCEPT,
      failure: { subject, what: "manifest", missingIsUserError: true }
    });
    return this.parseManifest(response, reference, subject);
  }
  async parseManifest(response, reference, subject) {
    const bytes = await response.bytes(Math.min(MAX_MANIFEST_BYTES, this.maxDocumentBytes), `manifest ${subject}`);
    const digest = this.checkManifestDigest(bytes, reference, response, subject);
    let body;
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new ToolError(`registry ${this.registry} served a manifest for ${subject} that is not JSON`, {
        command: `GET ${response.request.url}`
      });
    }
    const contentType = response.header("content-type");
    const kind2 = manifestKind(body, contentType, subject);
    const mediaType = isObject(body) && typeof body.mediaType === "string" ? body.mediaType : bareMediaType(contentType);
    return { digest, kind: kind2, ...mediaType ? { mediaType } : {}, size: bytes.length, bytes, body };
  }
  /**
   * A manifest that may not exist (an attestation tag, a referrers tag): undefined on 404 instead of an error.
   * Digest-verified like getManifest.
   */
  async findManifest(repository, reference) {
    const subject = this.subject(repository, reference);
    const response = await this.request("GET", this.manifestPath(repository, reference), {
      repository,
      accept: MANIFEST_ACCEPT,
      absentStatuses: [404],
      failure: { subject, what: "manifest", missingIsUserError: false }
    });
    if (response.status === 404) {
      response.discard();
      return void 0;
    }
    return this.parseManifest(response, reference, subject);
  }
  /**
   * The OCI 1.1 referrers index of a manifest (`GET /v2/<name>/referrers/<digest>`): the artifacts whose `subject`
   * is it. Undefined when the registry has no referrers API (404, 400, 405: registries before distribution 3 and
   * OCI 1.1); the caller then reads the `sha256-<hex>` tag fallback.
   */
  async referrers(repository, digest) {
    if (!DIGEST.test(digest)) throw new Error(`referrers: '${digest}' is not a digest`);
    const subject = `${this.registry}/${repository}@${digest}`;
    const response = await this.request("GET", `/v2/${repository}/referrers/${digest}`, {
      repository,
      accept: "application/vnd.oci.image.index.v1+json",
      absentStatuses: [400, 404, 405],
      failure: { subject, what: "referrers index", missingIsUserError: false }
    });
    if (response.status !== 200) {
      response.discard();
      return void 0;
    }
    const bytes = await response.bytes(Math.min(MAX_MANIFEST_BYTES, this.maxDocumentBytes), `referrers of ${subject}`);
    try {
      return JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new ToolError(`registry ${this.registry} served a referrers index for ${subject} that is not JSON`, {
        command: `GET ${response.request.url}`
      });
    }
  }
  /** The digest a tag points at, without downloading the manifest (HEAD; GET when the registry omits the header). */
  async headManifest(repository, reference) {
    const subject = this.subject(repository, reference);
    const response = await this.request("HEAD", this.manifestPath(repository, reference), {
      repository,
      accept: MANIFEST_ACCEPT,
      failure: { subject, what: "manifest", missingIsUserError: true }
    });
    response.discard();
    const digest = response.header("docker-content-digest");
    const mediaType = bareMediaType(response.header("content-type"));
    const length = Number(response.header("content-length"));
    if (!digest || !DIGEST.test(digest)) {
      const fetched = await this.getManifest(repository, reference);
      return {
        digest: fetched.digest,
        ...fetched.mediaType ? { mediaType: fetched.mediaType } : {},
        size: fetched.size
      };
    }
    if (DIGEST.test(reference) && digest !== reference) {
      throw new ToolError(`registry ${this.registry} answered for ${subject} with digest ${digest}`, {
        command: `HEAD ${response.request.url}`
      });
    }
    return { digest, ...mediaType ? { mediaType } : {}, ...Number.isSafeInteger(length) ? { size: length } : {} };
  }
  /** A small blob (an image config) read whole; its size and digest must match the descriptor. */
  async readBlob(repository, descriptor, what) {
    const subject = `${this.registry}/${repository}@${descriptor.digest}`;
    if (descriptor.size > this.maxDocumentBytes) {
      throw new ConfigurationError(
        `${subject}: the ${what} is ${descriptor.size} bytes; imagegate reads at most ${this.maxDocumentBytes} bytes of it`
      );
    }
    const response = await this.request("GET", `/v2/${repository}/blobs/${descriptor.digest}`, {
      repository,
      expectedBytes: descriptor.size,
      failure: { subject, what, missingIsUserError: false }
    });
    const bytes = await response.bytes(descriptor.size, `${what} ${subject}`);
    if (bytes.length !== descriptor.size) {
      throw new ToolError(
        `registry ${this.registry} served ${bytes.length} bytes for the ${what} ${subject}; its manifest says ${descriptor.size}`,
        { command: `GET ${response.request.url}` }
      );
    }
    this.checkBlobDigest(digestOf(bytes, descriptor.digest, subject), descriptor, subject, what);
    return bytes;
  }
  /**
   * A blob as it arrives, never held whole: for layers. A dropped connection resumes with `Range: bytes=N-` (or,
   * when the registry ignores ranges, skips what was already passed on). The size and digest are checked at the end:
   * a corrupt blob ends in an error, never in a clean end of stream.
   */
  async *blobStream(repository, descriptor, what) {
    const subject = `${this.registry}/${repository}@${descriptor.digest}`;
    const hash = createHash3(algorithmOf(descriptor.digest, subject));
    let received = 0;
    for (let resumes = 0; ; resumes++) {
      const response = await this.request("GET", `/v2/${repository}/blobs/${descriptor.digest}`, {
        repository,
        headers: received > 0 ? { range: `bytes=${received}-` } : {},
        expectedBytes: descriptor.size - received,
        failure: { subject, what, missingIsUserError: false }
      });
      let skip = 0;
      if (received > 0 && response.status === 206) {
        const start = /^bytes (\d+)-/.exec(response.header("content-range") ?? "")?.[1];
        if (Number(start) !== received) {
          response.discard();
          throw new ToolError(`registry ${this.registry} resumed ${subject} at the wrong offset`, {
            command: `GET ${response.request.url}`
          });
        }
      } else if (received > 0) {
        skip = received;
      }
      try {
        for await (const chunk of response.stream(`${what} ${subject}`)) {
          let data = chunk;
          if (skip > 0) {
            const dropped = Math.min(skip, data.length);
            skip -= dropped;
            data = data.subarray(dropped);
            if (data.length === 0) continue;
          }
          received += data.length;
          if (received > descriptor.size) {
            throw new ToolError(
              `registry ${this.registry} served more than the ${descriptor.size} bytes of ${subject}`,
              {
                command: `GET ${response.request.url}`
              }
            );
          }
          hash.update(data);
          yield data;
        }
      } catch (error) {
        if (!(error instanceof TransferError) || resumes + 1 >= this.retry.attempts) throw error;
        this.logger.info(`${error.message}; resuming at byte ${received}`);
        continue;
      }
      if (received === descriptor.size) break;
      if (resumes + 1 >= this.retry.attempts) {
        throw new ToolError(
          `registry ${this.registry} ended ${subject} after ${received} of ${descriptor.size} bytes`,
          { command: `GET ${response.request.url}` }
        );
      }
    }
    this.checkBlobDigest(`${algorithmOf(descriptor.digest, subject)}:${hash.digest("hex")}`, descriptor, subject, what);
  }
  /** Tags of a repository, a page at a time, following `Link: <…>; rel="next"`. */
  async *tagPages(repository, options = {}) {
    const subject = `${this.registry}/${repository}`;
    const failure = { subject, what: "tag list", missingIsUserError: true };
    yield* pagedList(
      {
        registry: this.registry,
        url: `${this.endpoint.baseUrl}/v2/${repository}/tags/list`,
        ...options,
        key: "tags",
        what: failure.what,
        subject,
        caps: this.pageCaps
      },
      (url) => this.request("GET", url, { repository, failure })
    );
  }
  async listTags(repository, options = {}) {
    const tags = [];
    for await (const page of this.tagPages(repository, options)) appendAll(tags, page);
    return tags;
  }
  /** Repositories from `/v2/_catalog`, a page at a time (registries that do not offer it answer 401/404). */
  async *catalogPages(options = {}) {
    const failure = { subject: `registry ${this.registry}`, what: "repository catalog", missingIsUserError: true };
    yield* pagedList(
      {
        registry: this.registry,
        url: `${this.endpoint.baseUrl}/v2/_catalog`,
        ...options,
        key: "repositories",
        what: failure.what,
        subject: failure.subject,
        caps: this.pageCaps
      },
      (url) => this.request("GET", url, { failure })
    );
  }
  async listRepositories(options = {}) {
    const names = [];
    for await (const page of this.catalogPages(options)) appendAll(names, page);
    return names;
  }
  /**
   * Uploads a small blob (an attestation) unless the repository has it: HEAD, else POST an upload session and PUT
   * the bytes to it with their digest (the two-step upload every distribution registry supports). Needs push scope.
   */
  async pushBlob(repository, bytes, what) {
    const digest = `sha256:${createHash3("sha256").update(bytes).digest("hex")}`;
    const subject = `${this.registry}/${repository}@${digest}`;
    const failure = { subject, what, missingIsUserError: false };
    const head = await this.request("HEAD", `/v2/${repository}/blobs/${digest}`, {
      repository,
      push: true,
      absentStatuses: [404],
      failure
    });
    head.discard();
    if (head.status === 200) return { digest, size: bytes.length };
    const start = await this.request("POST", `/v2/${repository}/blobs/uploads/`, {
      repository,
      push: true,
      body: Buffer.alloc(0),
      contentType: "application/octet-stream",
      failure: { ...failure, what: `upload session for the ${what}` }
    });
    start.discard();
    const location = start.header("location");
    const url = location ? new URL(location, this.endpoint.baseUrl) : void 0;
    if (!url || url.origin !== new URL(this.endpoint.baseUrl).origin) {
      throw new ToolError(
        `registry ${this.registry} answered the upload of the ${what} with ${location ? `a Location on another origin (${url?.origin ?? "?"})` : "no Location"}`,
        { command: `POST ${this.endpoint.baseUrl}/v2/${repository}/blobs/uploads/` }
      );
    }
    url.searchParams.set("digest", digest);
    const put = await this.request("PUT", url.toString(), {
      repository,
      push: true,
      body: bytes,
      contentType: "application/octet-stream",
      failure
    });
    put.discard();
    return { digest, size: bytes.length };
  }
  /** Puts a manifest (or index) under a tag or its digest; returns the digest and the registry's `OCI-Subject`. */
  async putManifest(repository, reference, bytes, mediaType) {
    const digest = `sha256:${createHash3("sha256").update(bytes).digest("hex")}`;
    const response = await this.request("PUT", this.manifestPath(repository, reference), {
      repository,
      push: true,
      body: bytes,
      contentType: mediaType,
      failure: { subject: this.subject(repository, reference), what: "manifest", missingIsUserError: false }
    });
    response.discard();
    const ociSubject = response.header("oci-subject");
    return { digest, ...ociSubject ? { ociSubject } : {} };
  }
  /** Closes kept-alive connections. */
  close() {
    this.transport.close();
  }
  /** One request, answering a 401 challenge once; any status but 2xx becomes the error it stands for. */
  async request(method, pathOrUrl, how) {
    const url = pathOrUrl.startsWith("/") ? `${this.endpoint.baseUrl}${pathOrUrl}` : pathOrUrl;
    const scope = how.repository !== void 0 ? `repository:${how.repository}:${how.push ? "pull,push" : "pull"}` : "registry:catalog:*";
    const subject = how.failure.subject;
    let answered = false;
    for (; ; ) {
      const authorization = await this.auth.authorization(scope, subject);
      const response = await this.transport.send({
        method,
        url,
        ...how.body !== void 0 ? { body: how.body, contentType: how.contentType ?? "application/octet-stream" } : {},
        ...how.expectedBytes !== void 0 ? { expectedBytes: how.expectedBytes } : {},
        headers: {
          ...how.accept ? { accept: how.accept } : {},
          ...how.headers,
          ...authorization ? { authorization } : {}
        }
      });
      if (response.status >= 200 && response.status < 300) return response;
      if (how.absentStatuses?.includes(response.status)) return response;
      const detail = await errorDetail(response);
      if (response.status === 401 && !answered) {
        answered = true;
        const current = await this.auth.authorization(scope, subject);
        if (current !== void 0 && current !== authorization) continue;
        if (await this.auth.answer(response, scope, subject)) continue;
      }
      if (how.push) throw this.pushFailure(response, subject, detail);
      throw failureFor(
        response,
        {
          registry: this.registry,
          ...how.failure,
          ...this.auth.credentials ? { credentials: this.auth.credentials } : {},
          ...this.auth.credentialNote ? { credentialNote: this.auth.credentialNote } : {}
        },
        detail
      );
    }
  }
  /**
   * A failed push is always exit 3 naming the request and its status: unlike a pull, there is no image the user
   * misnamed, and "which request, what answer" is what fixing the token's scope or the registry needs.
   */
  pushFailure(response, subject, detail) {
    const { method, url } = response.request;
    const said = detail ? ` (${detail})` : "";
    const source = this.auth.credentials?.source;
    const hint = response.status === 401 || response.status === 403 ? source ? `; the credentials from ${source} need push access to it` : "; pushing needs credentials with push access (IMAGEGATE_REGISTRY_USERNAME/PASSWORD or docker login)" : "";
    return new ToolError(
      `registry ${this.registry} answered HTTP ${response.status} to ${method} ${new URL(url).pathname} for ${subject}${said}${hint}`,
      { command: `${method} ${url}` }
    );
  }
  manifestPath(repository, reference) {
    return `/v2/${repository}/manifests/${reference}`;
  }
  subject(repository, reference) {
    return `${this.registry}/${repository}${DIGEST.test(reference) ? "@" : ":"}${reference}`;
  }
  checkManifestDigest(bytes, reference, response, subject) {
    const command = `GET ${response.request.url}`;
    if (DIGEST.test(reference)) {
      const actual = digestOf(bytes, reference, subject);
      if (actual !== reference) {
        throw new ToolError(`registry ${this.registry} served a manifest for ${subject} that hashes to ${actual}`, {
          command
        });
      }
      return actual;
    }
    const digest = digestOf(bytes, "sha256:", subject);
    const header = response.header("docker-content-digest");
    if (header && header.startsWith("sha256:") && header !== digest) {
      throw new ToolError(
        `registry ${this.registry} says the manifest of ${subject} is ${header}, but the bytes it served hash to ${digest}`,
        { command }
      );
    }
    return digest;
  }
  checkBlobDigest(actual, descriptor, subject, what) {
    if (actual !== descriptor.digest) {
      throw new ToolError(`registry ${this.registry} served a ${what} for ${subject} that hashes to ${actual}`, {
        command: `GET ${this.endpoint.baseUrl}/v2/…/blobs/${descriptor.digest}`
      });
    }
  }
};

// src/json/read-json.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile as readFile2, stat } from "node:fs/promises";
var JsonInput = class {
  constructor(display, text, value, expected) {
    this.display = display;
    this.text = text;
    this.value = value;
    this.expected = expected;
  }
  display;
  text;
  value;
  expected;
  /** Throws a ConfigurationError at the node `at` (or the deepest part of it the document has). */
  fail(at, message) {
    const where = at.length > 0 ? `${formatPath(at)}: ` : "";
    throw new ConfigurationError(`${where}${message}; ${this.expected}`, positionIn(this.text, this.display, at));
  }
  /** The file:line:column of each node (or the deepest part of it the document has), with one positions pass. */
  positionsOf(paths) {
    if (paths.length === 0) return [];
    const parsed = parsePositions(this.text);
    return paths.map((at) => positionInParsed(parsed, this.display, at));
  }
};
async function readJsonInput(file, expected, options = {}) {
  const what = options.what ?? "the file";
  const display = options.display ?? file;
  let text;
  try {
    if (options.maxBytes !== void 0) {
      const info = await stat(file);
      if (!info.isDirectory() && info.size > options.maxBytes) {
        throw new ConfigurationError(`${what} is ${info.size} bytes, more than ${options.maxBytes}; ${expected}`, {
          path: display
        });
      }
    }
    text = await readFile2(file, "utf8");
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = error.code;
    if (code === "ENOENT" && options.absent === "undefined") return void 0;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : error.message;
    throw new ConfigurationError(`cannot read ${what}: ${reason}; ${expected}`, { path: display });
  }
  return parseJsonInput(text, display, expected, what);
}
function parseJsonInput(text, display, expected, what = "the file") {
  const body = text.charCodeAt(0) === 65279 ? text.slice(1) : text;
  const deep = nestingProblem(body);
  if (deep) {
    throw new ConfigurationError(`${what} ${deep.message}; ${expected}`, {
      path: display,
      line: deep.line,
      column: deep.column
    });
  }
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    const problem = findJsonSyntaxError(body);
    throw new ConfigurationError(`${what} is not JSON (${problem?.message ?? "syntax error"}); ${expected}`, {
      path: display,
      ...problem ? { line: problem.line, column: problem.column } : {}
    });
  }
  return new JsonInput(display, body, value, expected);
}
function formatPath(at) {
  let text = "";
  for (const segment of at) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
function positionIn(text, display, at) {
  return positionInParsed(parsePositions(text), display, at);
}
function parsePositions(text) {
  const lineCounter = new import_yaml.LineCounter();
  return { lineCounter, document: (0, import_yaml.parseDocument)(text, { lineCounter, prettyErrors: false, uniqueKeys: false }) };
}
function positionInParsed({ lineCounter, document }, display, at) {
  let node = document.contents ?? void 0;
  for (const segment of at) {
    const current = (0, import_yaml.isAlias)(node) ? node.resolve(document) ?? void 0 : node;
    let next;
    if ((0, import_yaml.isMap)(current)) {
      const pair = current.items.filter((item) => (0, import_yaml.isScalar)(item.key) && String(item.key.value) === String(segment));
      next = pair[pair.length - 1]?.value ?? void 0;
    } else if ((0, import_yaml.isSeq)(current)) {
      next = current.items[Number(segment)] ?? void 0;
    }
    if (!next) break;
    node = next;
  }
  const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
  return { path: display, line, column: col };
}

// src/json/document-schema.ts
var import__ = __toESM(require__(), 1);

// schemas/baseline-report.schema.json
var baseline_report_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "imagegate baseline report (--baseline-report)",
  description: "What imagegate needs of an earlier run's imagegate.json to compare against it: the subset of imagegate-result.schema.json the comparison reads. Everything else in the document is read leniently or ignored.",
  type: "object",
  required: ["schemaVersion", "tool", "findings"],
  properties: {
    schemaVersion: {
      const: 1
    },
    tool: {
      type: "object",
      required: ["name"],
      properties: {
        name: {
          const: "imagegate"
        },
        version: {
          type: "string"
        }
      }
    },
    findings: {
      type: "array",
      items: {
        type: "object",
        required: ["ruleId", "severity", "fingerprint", "suppressed"],
        properties: {
          ruleId: {
            type: "string",
            minLength: 1
          },
          severity: {
            enum: ["critical", "high", "medium", "low", "info"]
          },
          fingerprint: {
            type: "string",
            pattern: "^[0-9a-f]{32}$"
          },
          suppressed: {
            type: "boolean"
          },
          message: {
            type: "string"
          }
        }
      }
    }
  }
};

// schemas/rescan-ledger.schema.json
var rescan_ledger_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "imagegate re-scan ledger",
  description: "Written by `imagegate rescan merge` and carried between scheduled runs: what each digest's last scan found. Keys not named here are allowed and ignored.",
  type: "object",
  required: ["schemaVersion", "updatedAt", "entries"],
  properties: {
    schemaVersion: {
      const: 1
    },
    updatedAt: {
      type: "string",
      minLength: 1,
      description: "An ISO 8601 time, as new Date().toISOString() writes it."
    },
    entries: {
      type: "object",
      propertyNames: {
        pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
        description: "a manifest digest (algorithm:hex)"
      },
      additionalProperties: {
        type: "object",
        required: ["repository", "tags", "lastScan", "fingerprints", "verdict"],
        properties: {
          repository: {
            type: "string",
            minLength: 1
          },
          tags: {
            type: "array",
            items: {
              type: "string",
              minLength: 1
            }
          },
          lastScan: {
            type: "string",
            minLength: 1,
            description: "An ISO 8601 time, as new Date().toISOString() writes it."
          },
          trivyDbUpdatedAt: {
            type: "string",
            minLength: 1,
            description: "An ISO 8601 time, as new Date().toISOString() writes it."
          },
          fingerprints: {
            type: "array",
            items: {
              type: "string",
              minLength: 1
            }
          },
          verdict: {
            enum: ["pass", "fail"]
          }
        }
      }
    }
  }
};

// schemas/rescan-plan.schema.json
var rescan_plan_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "imagegate re-scan plan (plan.json)",
  description: "Written by `imagegate rescan plan`, read by `rescan run` and `rescan merge`. Keys not named here are allowed and ignored: later versions may add some (additive changes keep schemaVersion 1).",
  type: "object",
  required: ["schemaVersion", "createdAt", "registry", "shards", "scans", "counts"],
  properties: {
    schemaVersion: {
      const: 1
    },
    createdAt: {
      type: "string",
      minLength: 1,
      description: "An ISO 8601 time, as new Date().toISOString() writes it."
    },
    registry: {
      type: "string",
      minLength: 1
    },
    trivyDbUpdatedAt: {
      type: "string",
      minLength: 1
    },
    shards: {
      type: "integer",
      minimum: 1
    },
    scans: {
      type: "array",
      items: {
        type: "object",
        required: ["repository", "digest", "tags", "reference"],
        properties: {
          repository: {
            type: "string",
            minLength: 1
          },
          digest: {
            type: "string",
            pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
            description: "a manifest digest (algorithm:hex)"
          },
          tags: {
            type: "array",
            items: {
              type: "string",
              minLength: 1
            }
          },
          reference: {
            type: "string",
            minLength: 1
          },
          alsoIn: {
            type: "array",
            items: {
              type: "object",
              required: ["repository", "tags"],
              properties: {
                repository: {
                  type: "string",
                  minLength: 1
                },
                tags: {
                  type: "array",
                  items: {
                    type: "string",
                    minLength: 1
                  }
                }
              }
            }
          }
        }
      }
    },
    skipped: {
      type: "array",
      items: {
        type: "object",
        required: ["repository", "digest", "tags", "reason"],
        properties: {
          repository: {
            type: "string",
            minLength: 1
          },
          digest: {
            type: "string",
            pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
            description: "a manifest digest (algorithm:hex)"
          },
          tags: {
            type: "array",
            items: {
              type: "string",
              minLength: 1
            }
          },
          reason: {
            const: "unchanged"
          },
          detail: {
            type: "string",
            minLength: 1
          },
          alsoIn: {
            type: "array",
            items: {
              type: "object",
              required: ["repository", "tags"],
              properties: {
                repository: {
                  type: "string",
                  minLength: 1
                },
                tags: {
                  type: "array",
                  items: {
                    type: "string",
                    minLength: 1
                  }
                }
              }
            }
          }
        }
      }
    },
    counts: {
      type: "object",
      required: ["repositories", "tags", "digests", "toScan", "skipped"],
      properties: {
        repositories: {
          type: "integer",
          minimum: 0
        },
        tags: {
          type: "integer",
          minimum: 0
        },
        digests: {
          type: "integer",
          minimum: 0
        },
        toScan: {
          type: "integer",
          minimum: 0
        },
        skipped: {
          type: "integer",
          minimum: 0
        }
      }
    }
  }
};

// schemas/rescan-shard-result.schema.json
var rescan_shard_result_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "imagegate re-scan shard result (rescan-result.json)",
  description: "Written by `imagegate rescan run` (rewritten after every scan), read by `rescan merge`. Keys not named here are allowed and ignored.",
  type: "object",
  required: ["schemaVersion", "planCreatedAt", "shard", "startedAt", "scans", "planned"],
  properties: {
    schemaVersion: {
      const: 1
    },
    planCreatedAt: {
      type: "string",
      minLength: 1
    },
    shard: {
      type: "string",
      pattern: "^\\d+/\\d+$"
    },
    startedAt: {
      type: "string",
      minLength: 1,
      description: "An ISO 8601 time, as new Date().toISOString() writes it."
    },
    finishedAt: {
      type: "string",
      minLength: 1,
      description: "An ISO 8601 time, as new Date().toISOString() writes it."
    },
    planned: {
      type: "integer",
      minimum: 0
    },
    scans: {
      type: "array",
      items: {
        type: "object",
        required: ["repository", "digest", "tags", "reference", "status"],
        properties: {
          repository: {
            type: "string",
            minLength: 1
          },
          digest: {
            type: "string",
            pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
            description: "a manifest digest (algorithm:hex)"
          },
          tags: {
            type: "array",
            items: {
              type: "string",
              minLength: 1
            }
          },
          reference: {
            type: "string",
            minLength: 1
          },
          status: {
            enum: ["scanned", "failed"]
          },
          error: {
            type: "string",
            minLength: 1
          },
          exitCode: {
            type: "integer",
            minimum: 0
          },
          verdict: {
            enum: ["pass", "fail"]
          },
          trivyDbUpdatedAt: {
            type: "string",
            minLength: 1
          },
          fingerprints: {
            type: "array",
            items: {
              type: "string",
              minLength: 1
            }
          },
          newFindings: {
            type: "integer",
            minimum: 0
          },
          outDir: {
            type: "string",
            minLength: 1
          },
          finishedAt: {
            type: "string",
            minLength: 1,
            description: "An ISO 8601 time, as new Date().toISOString() writes it."
          }
        },
        if: {
          properties: {
            status: {
              const: "scanned"
            }
          }
        },
        then: {
          required: ["verdict", "fingerprints"]
        },
        else: {
          required: ["error"]
        }
      }
    }
  }
};

// src/json/document-schema.ts
var SCHEMAS = {
  "rescan-plan": rescan_plan_schema_default,
  "rescan-ledger": rescan_ledger_schema_default,
  "rescan-shard-result": rescan_shard_result_schema_default,
  "baseline-report": baseline_report_schema_default
};
var validators = /* @__PURE__ */ new Map();
function validatorFor(kind2) {
  let validate = validators.get(kind2);
  if (!validate) {
    const ajv = new import__.Ajv2020({
      allErrors: false,
      verbose: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true
    });
    validate = ajv.compile(SCHEMAS[kind2]);
    validators.set(kind2, validate);
  }
  return validate;
}
function checkSchema(input, kind2) {
  const validate = validatorFor(kind2);
  if (validate(input.value)) return;
  const error = validate.errors?.[0];
  if (!error) input.fail([], "does not match its schema");
  const { at, message } = explain(error);
  input.fail(at, message);
}
async function readDocument(file, kind2, expected, parse, options = {}) {
  const input = await readJsonInput(file, expected, options);
  if (!input) return void 0;
  const value = parse(input);
  checkSchema(input, kind2);
  return value;
}
function explain(error) {
  const at = pointerPath(error.instancePath);
  const params = error.params;
  const propertyName = error.propertyName;
  if (propertyName !== void 0) {
    const described = error.parentSchema?.description;
    return { at: [...at, propertyName], message: `"${propertyName}" is not ${described ?? "an allowed key here"}` };
  }
  switch (error.keyword) {
    case "required":
      return { at: [...at, String(params.missingProperty)], message: "missing" };
    case "type":
      return { at, message: `expected ${String(params.type)}, found ${kind(error.data)}` };
    case "const":
      return { at, message: `expected ${JSON.stringify(params.allowedValue)}, found ${kind(error.data)}` };
    case "enum":
      return {
        at,
        message: `expected one of ${params.allowedValues.map((value) => JSON.stringify(value)).join(", ")}, found ${kind(error.data)}`
      };
    case "pattern": {
      const described = error.parentSchema?.description;
      return {
        at,
        message: `expected ${described ?? `a string matching ${String(params.pattern)}`}, found ${kind(error.data)}`
      };
    }
    case "minLength":
      return { at, message: `expected a non-empty string, found ${kind(error.data)}` };
    case "minimum":
      return { at, message: `expected a number ≥ ${String(params.limit)}, found ${kind(error.data)}` };
    default:
      return { at, message: error.message ?? `does not match the schema (${error.keyword})` };
  }
}
function pointerPath(pointer) {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~")).map((segment) => /^(?:0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment);
}
function kind(value) {
  if (value === void 0) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return String(value);
}

export {
  findJsonSyntaxError,
  LayerAnalyzer,
  walkTarFile,
  readRegion,
  missingEntry,
  readJson,
  parseJson,
  analyzeFileRegion,
  checkImageConfigType,
  USERNAME_VARIABLE,
  PASSWORD_VARIABLE,
  DIGEST,
  RegistryClient,
  parseJsonInput,
  readDocument
};
//# sourceMappingURL=chunk-IUYFWSFY.js.map
