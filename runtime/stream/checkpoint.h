// Checkpoint: what `rulejit run --state DIR` needs to continue a stream after
// a stop or a crash with nothing lost and nothing counted twice.
//
// Contract:
//  - A checkpoint holds, for one point of the stream: each input's position
//    (the first byte not yet read: rt::InputPosition), the output file's
//    length and row count at that point, and the windows' state
//    (WindowSnapshot: watermark, counters, every open window's aggregation
//    state as partial_state bytes). Events before the positions are in the
//    state; events after are not; rows of the events before are in the
//    first `output_bytes` of the output, rows of later events are not.
//  - `settings` names what must not change across a restart (window span,
//    lateness, output path): a checkpoint made under other settings is
//    refused, not silently reinterpreted.
//  - Encoding: "RJCK" | u32 version | u64 body length | u64 FNV-1a of body |
//    body (byte_codec.h). decode_checkpoint refuses wrong magic, unknown
//    version, truncation and a bad checksum with a reason; never crashes.
//  - save_checkpoint writes DIR/checkpoint atomically: a temporary file in
//    DIR, fsync, rename, fsync of DIR. A crash leaves the old checkpoint or
//    the new one, never a mix. load_checkpoint: false with an empty *error
//    when DIR holds none (a first run).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/events/follow.h"
#include "runtime/stream/windowed_engine.h"

namespace rulejit::rt {

inline constexpr uint32_t kCheckpointVersion = 1;

struct Checkpoint {
  std::string settings;
  std::vector<InputPosition> inputs;
  uint64_t output_bytes = 0;
  uint64_t rows_out = 0;
  WindowSnapshot windows;
};

std::string encode_checkpoint(const Checkpoint& checkpoint);
bool decode_checkpoint(std::string_view bytes, Checkpoint* out, std::string* error);

// DIR/checkpoint
std::string checkpoint_path(const std::string& dir);
bool save_checkpoint(const std::string& dir, const Checkpoint& checkpoint, std::string* error);
bool load_checkpoint(const std::string& dir, Checkpoint* out, std::string* error);

}  // namespace rulejit::rt
