// Where the bundled rule pack lives, for sources the embedder leaves NULL.
//
// Order: $RULEJIT_HOME/rules; <folder of the loaded library or program>/
// ../share/rulejit/rules (an installed prefix); the install data folder the
// library was configured with; the source tree it was built from. A folder
// counts only when it has an isovalent/ subfolder. Empty when none exists.
#pragma once

#include <string>

namespace rulejit::capi {

std::string bundled_rules_dir();

}  // namespace rulejit::capi
