// Shared by the lowering tests: parse SPL (expecting success) and lower it
// with an empty environment.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "compiler/lower/lowerer.h"
#include "compiler/spl/parser.h"

namespace rulejit::lower::testing {

inline LowerOutput lower_spl(const std::string& spl) {
  auto parsed = spl::parse_spl(spl);
  EXPECT_TRUE(parsed.ok()) << spl;
  LowerEnv env;
  return lower_pipeline(*parsed.pipeline, env);
}

}  // namespace rulejit::lower::testing
