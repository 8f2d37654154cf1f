import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  defaultCategory,
  runPipeline,
  workspaceRelative
} from "./chunk-WGFL7XYI.js";
import "./chunk-JUGU53RN.js";
import "./chunk-W2VDYOEE.js";
import "./chunk-DWMO3FQH.js";
import "./chunk-PVWXTPTW.js";
import "./chunk-TYJR6YN4.js";
import "./chunk-5DZ6YZ6T.js";
import "./chunk-LUOCSN52.js";
import "./chunk-JCWX3QS3.js";
import "./chunk-442YUYJO.js";
import "./chunk-OD3V56NM.js";
import "./chunk-34FQDPIX.js";
import "./chunk-AUXTYMAK.js";
import "./chunk-H7T6J2AA.js";
import "./chunk-MXKXKKXY.js";
import "./chunk-QS3BL4VH.js";
import "./chunk-VN2WC5C3.js";
import "./chunk-ZCMRTNUR.js";
import "./chunk-3NASWGJX.js";
import "./chunk-VVMJR22K.js";
import "./chunk-WF3FNKQG.js";
import "./chunk-ON4C7FYR.js";
import "./chunk-ALVOWIAA.js";
import "./chunk-SAYJQMG6.js";
import "./chunk-3ZN2VMKL.js";
import "./chunk-HLKV6WWC.js";
import "./chunk-7GNNRPV6.js";
import "./chunk-7DMJUEWI.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-HA35GMAF.js";
import "./chunk-IESNBTYB.js";
import "./chunk-EJWCARX5.js";
import "./chunk-YHFRDE34.js";
import "./chunk-2SIDVBE2.js";
import "./chunk-BOIFOOFY.js";
import "./chunk-UEOALV3R.js";
import "./chunk-YH46MFO6.js";
import "./chunk-PX7WTPDF.js";
import "./chunk-TFUQI7BM.js";
import "./chunk-LUOQMPLI.js";
import "./chunk-GO6V4V27.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-RHYLLRJI.js";
import "./chunk-F3JXNG4H.js";
import "./chunk-H2J6QPBD.js";
import "./chunk-525AQQA4.js";
import "./chunk-O5XMQXHR.js";
import "./chunk-UESGDJOT.js";
import "./chunk-BEXNPQ7L.js";
import "./chunk-OOOZQBDA.js";
import "./chunk-5AN7IYVK.js";
import "./chunk-WKVO4CF4.js";
import "./chunk-ST7SR4PU.js";
import "./chunk-MYVX7FUX.js";
import "./chunk-FRITBTAO.js";
import "./chunk-CJYB6J4O.js";
import "./chunk-QAPMAWII.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  defaultCategory,
  runPipeline,
  workspaceRelative
};
//# sourceMappingURL=pipeline-AH6N5YSY.js.map
