// One JSON Lines record taken apart into the shared schema's fields, two ways: a single-pass
// parser for the plain records real corpora hold, and nlohmann::json, the reference for every
// other line and for every message. Private to src/corpus (and the differential fuzz target).
#pragma once

#include <string>
#include <string_view>

#include "fissure/util/status.h"

namespace fissure::corpus_internal {

// The mapped fields as the reader takes them (a string's value, a number printed, "" for null or
// absent) and the other fields as a compact JSON object with sorted keys ("" for none).
struct JsonlFields {
  std::string id, source, country, title, text, url, lang, date;
  std::string metadata_json;
};

// nlohmann::json's reading of the line; its messages are the reader's.
Status parse_jsonl_reference(std::string_view line, JsonlFields* out);

// True when the line is one well-formed object whose mapped fields are strings or null and whose
// other fields are strings, numbers, booleans, null or arrays of those; *out is then exactly what
// parse_jsonl_reference gives. False for anything else, malformed lines included (*out is then
// unspecified): the caller asks parse_jsonl_reference, which decides and words the message.
bool parse_jsonl_fast(std::string_view line, JsonlFields* out);

}  // namespace fissure::corpus_internal
