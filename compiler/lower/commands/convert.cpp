#include "compiler/commands/convert.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/ir_build.h"
#include "compiler/lower/wildcard.h"

namespace rulejit::lower {

using namespace build;

// convert ctime(f) [AS g]: epoch seconds -> text in timeformat (default
// %m/%d/%Y %H:%M:%S, UTC); a value that is not a number is left as it is.
// mktime is the reverse; num/auto make numbers; none and rmcomma as documented.
void lower_convert(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::ConvertCommand&>(cmd);
  std::string fmt = c.timeformat.value_or("%m/%d/%Y %H:%M:%S");
  ir::EvalStage st;
  for (const auto& conv : c.conversions) {
    if (has_wildcard(conv.field.name)) {
      l.unsupported(conv.field.span, "convert with wildcard field names is not supported yet");
      continue;
    }
    ir::SlotId src = l.slot(conv.field.name);
    ir::SlotId dst = conv.as ? l.slot(conv.as->name) : src;
    ir::ExprPtr value;
    switch (conv.function) {
      case spl::ConvertFunction::Ctime:
        value = op(ir::Op::Coalesce, call("strftime", call("tonumber", field(src)), str(fmt)), field(src));
        break;
      case spl::ConvertFunction::Mktime:
        value = op(ir::Op::Coalesce, call("strptime", field(src), str(fmt)), field(src));
        break;
      case spl::ConvertFunction::Num:
      case spl::ConvertFunction::Auto:
        value = op(ir::Op::Coalesce, call("tonumber", field(src)), field(src));
        break;
      case spl::ConvertFunction::Rmcomma:
        value = call("replace", field(src), str(","), str(""));
        break;
      case spl::ConvertFunction::None:
        value = field(src);
        break;
      default:
        l.unsupported(conv.span, std::string("convert ") + spl::convert_function_name(conv.function) +
                                     "() is not supported yet");
        continue;
    }
    st.assigns.push_back({dst, std::move(value)});
    l.touch_column(dst);
  }
  if (!st.assigns.empty()) l.add_stage(std::move(st), true);
}

}  // namespace rulejit::lower
