// Byte positions inside YAML scalars.
//
// yaml-cpp reports where a scalar node starts (its Mark) but decodes quotes,
// escapes and line folding, so a position inside the decoded value (e.g. the
// column of an SPL parse error in `search:`) cannot be mapped back to the file
// directly. map_scalar_positions() re-scans the raw scalar text (plain,
// 'single', "double", | literal, > folded) and yields, for every byte of the
// decoded value, the byte offset in the file it came from.
//
// Contract: the scan is checked by comparing the text it decodes with the
// value yaml-cpp produced. If they differ (an unusual construct, or a yaml-cpp
// quirk) the result is not exact and every byte maps to the node start, which
// is still a correct line for the diagnostic.
//
// Mapping conventions: a folded line break that became a space or '\n' maps to
// the line break it came from; every byte of an escape's output (e.g. the two
// UTF-8 bytes of "\u00e9") maps to its backslash; '' in single quotes maps to
// the first quote.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit {

// A compact map from decoded-string offsets to file offsets, stored as runs.
class OffsetMap {
 public:
  OffsetMap() = default;
  // Decoded byte i maps to base + i.
  static OffsetMap identity(uint32_t size, uint32_t base = 0);
  // Every decoded byte maps to `offset`.
  static OffsetMap constant(uint32_t size, uint32_t offset);
  // One file offset per decoded byte.
  static OffsetMap from_offsets(const std::vector<uint32_t>& per_byte);

  // File offset of decoded byte `decoded`. For decoded >= size() it returns
  // one past the last byte's offset (the position just after the value), or
  // the base offset when the map is empty.
  uint32_t at(uint32_t decoded) const;
  uint32_t size() const { return size_; }
  size_t run_count() const { return runs_.size(); }

 private:
  // Bytes [decoded, next run's decoded) map to file + step * (d - decoded).
  struct Run {
    uint32_t decoded;
    uint32_t file;
    uint32_t step;  // 1: consecutive file bytes; 0: all map to `file`
  };
  std::vector<Run> runs_;
  uint32_t size_ = 0;
  uint32_t empty_base_ = 0;
};

enum class ScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

struct ScalarPositions {
  OffsetMap map;
  ScalarStyle style = ScalarStyle::Plain;
  bool exact = false;  // false: the fallback (all bytes at node_offset) was used
};

// File offset of a yaml-cpp Mark::pos. yaml-cpp does not count a UTF-8 byte
// order mark, so its length is added back when the file starts with one.
size_t yaml_mark_to_offset(std::string_view file_text, int mark_pos);

// `node_offset` is the file offset of the scalar node (yaml-cpp's Mark, via
// yaml_mark_to_offset; it may point at a tag or anchor before the scalar).
// `decoded` is yaml-cpp's value. `parent_indent` is the indentation of the
// parent node (the key's column for a mapping value), used only for block
// scalars with an explicit indentation indicator; -1 when unknown.
ScalarPositions map_scalar_positions(std::string_view file_text, size_t node_offset,
                                     std::string_view decoded, int parent_indent = -1);

}  // namespace rulejit
