import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  defaultCategory,
  runPipeline,
  workspaceRelative
} from "./chunk-DW24OQKZ.js";
import "./chunk-3YLZK2RG.js";
import "./chunk-OD3V56NM.js";
import "./chunk-34FQDPIX.js";
import "./chunk-YCOTYTHI.js";
import "./chunk-MXKXKKXY.js";
import "./chunk-QS3BL4VH.js";
import "./chunk-6EXCSHHW.js";
import "./chunk-DNL33JOI.js";
import "./chunk-I4BYZYWH.js";
import "./chunk-7SNSYCPV.js";
import "./chunk-ZCMRTNUR.js";
import "./chunk-VVMJR22K.js";
import "./chunk-BZMQSM5D.js";
import "./chunk-IAMSQV63.js";
import "./chunk-JEAQPIJF.js";
import "./chunk-LUOCSN52.js";
import "./chunk-ZTKJ5BOT.js";
import "./chunk-NAVMHS2U.js";
import "./chunk-WOZRPL4V.js";
import "./chunk-7GNNRPV6.js";
import "./chunk-HLKV6WWC.js";
import "./chunk-7DMJUEWI.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-7FFSE2EP.js";
import "./chunk-IESNBTYB.js";
import "./chunk-OSDCSTBF.js";
import "./chunk-L565HIOA.js";
import "./chunk-2SIDVBE2.js";
import "./chunk-BOIFOOFY.js";
import "./chunk-RBIWBL62.js";
import "./chunk-YH46MFO6.js";
import "./chunk-LUOQMPLI.js";
import "./chunk-RHYLLRJI.js";
import "./chunk-AUXTYMAK.js";
import "./chunk-H7T6J2AA.js";
import "./chunk-PX7WTPDF.js";
import "./chunk-TFUQI7BM.js";
import "./chunk-GO6V4V27.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-OR7MY5EX.js";
import "./chunk-O5XMQXHR.js";
import "./chunk-525AQQA4.js";
import "./chunk-UESGDJOT.js";
import "./chunk-BEXNPQ7L.js";
import "./chunk-ST7SR4PU.js";
import "./chunk-3CWSBUWV.js";
import "./chunk-5AN7IYVK.js";
import "./chunk-MYVX7FUX.js";
import "./chunk-FRITBTAO.js";
import "./chunk-VJU4ISQ3.js";
import "./chunk-XG3GT6KG.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  defaultCategory,
  runPipeline,
  workspaceRelative
};
//# sourceMappingURL=pipeline-XJD26MIJ.js.map
