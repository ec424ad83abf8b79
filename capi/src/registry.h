// The process-wide handle tables of the C API (engines and results).
#pragma once

#include "capi/src/engine_impl.h"
#include "capi/src/handle_table.h"
#include "capi/src/result_data.h"

namespace rulejit::capi {

HandleTable<EngineImpl>& engine_table();
HandleTable<ResultData>& result_table();

}  // namespace rulejit::capi
