#include "runtime/engine/routing.h"

namespace rulejit::rt {

void Router::add(std::string_view match_key, int presence_slot) {
  const bool any = match_key == "*";
  if (any && fallback_ < 0) fallback_ = static_cast<int>(maps_.size());
  maps_.push_back({std::string(match_key.substr(0, match_key.find('.'))), any ? -1 : presence_slot});
}

int Router::route(const EventFields& f) const {
  for (std::string_view key : f.top_level_keys())
    for (size_t i = 0; i < maps_.size(); ++i)
      if (maps_[i].presence_slot >= 0 && maps_[i].top == key && f.present(maps_[i].presence_slot))
        return static_cast<int>(i);
  return fallback_;
}

}  // namespace rulejit::rt
