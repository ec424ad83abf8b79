// Router: which field map (data source) an event belongs to, judged from its
// extracted fields. The one place the routing rule lives
// (rules/fieldmaps/README.md):
//  - the event's first top-level key, in document order, that is a field
//    map's match key (for a dotted key, its first segment, and the whole path
//    must exist);
//  - else the "*" field map, when there is one;
//  - else none (the event is unrouted).
// Document order is what lets a reader stop right after that key (EarlyStop).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/events/event_fields.h"

namespace rulejit::rt {

class Router {
 public:
  // Adds the next field map. presence_slot: its match key's presence slot in
  // the path set events are read with (ignored for "*").
  void add(std::string_view match_key, int presence_slot);
  // Index (in add order) of the event's field map, or -1.
  int route(const EventFields& f) const;

 private:
  struct Map {
    std::string top;        // match key up to its first dot
    int presence_slot = -1;  // -1: the "*" fallback
  };
  std::vector<Map> maps_;
  int fallback_ = -1;
};

}  // namespace rulejit::rt
