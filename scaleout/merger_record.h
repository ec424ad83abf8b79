// The merger's record of what it has written, so a restarted merger (after
// SIGKILL, a crash, a new machine) continues instead of printing every row
// again. One small message per step on NAME.out.emitted.<pack fingerprint>
// (inside the stream, file storage); the last one is the merger's position.
//
// Contract:
//  - A record is one line "RJE1 <windows through> <row seq through>
//    <output bytes> <span>": windows ending at or before <windows through>
//    (event time) were written; so were the per-event rows of every row
//    message up to stream sequence <row seq through>; the output file was
//    <output bytes> long then (-1: standard output, which cannot be cut).
//  - The merger writes (and flushes) rows first and publishes the record
//    after: a kill in between leaves rows beyond the record. A restart with
//    the same -o FILE cuts them off and writes them again (exactly once);
//    on standard output they are printed again (at least once).
//  - load_record: 1 and *r for the last record of this subject, 0 when
//    there is none, -1 and *error when the server cannot tell.
//  - parse_record returns false (and *error) on anything else.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "scaleout/nats_client.h"

namespace rulejit::scaleout {

struct EmitRecord {
  double windows_through = -1e300;
  uint64_t rows_through = 0;
  int64_t output_bytes = -1;
  double span = 0;
};

std::string record_subject(const std::string& stream, const std::string& fingerprint);
std::string encode_record(const EmitRecord& r);
bool parse_record(std::string_view text, EmitRecord* r, std::string* error);
int load_record(NatsClient& nc, const std::string& stream, const std::string& subject, EmitRecord* r,
                std::string* error);

}  // namespace rulejit::scaleout
