// Document: one record as read from any input format, before it is split or stored.
// Part of the corpus layer; depends only on util.
#pragma once

#include <optional>
#include <string>

#include "fissure/corpus/date.h"

namespace fissure {

struct Document {
  std::string id;       // stable identifier, unique across sources; required
  std::string source;   // outlet or corpus name ("KCNA", "Tehran Times"); may be empty
  std::string country;  // ISO 3166-1 alpha-3 of the outlet or speaker; may be empty
  std::optional<Date> date;
  std::string title;
  std::string url;
  std::string lang;
  std::string text;           // valid UTF-8, no NUL bytes; required, non-empty
  std::string metadata_json;  // JSON object of fields the reader did not map, "" for none
  std::string origin;         // where it was read: "file:line" or "file"
};

}  // namespace fissure
