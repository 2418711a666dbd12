// Checks shared by all readers: a record is stored only with an id, valid UTF-8 text without
// NUL bytes, and a parseable date. Part of the corpus layer.
#pragma once

#include <string>
#include <string_view>

#include "fissure/corpus/document.h"
#include "fissure/util/status.h"

namespace fissure {

// Index of the first byte that breaks UTF-8 validity, or npos when s is valid.
size_t find_invalid_utf8(std::string_view s);

// Validates a document just read: non-empty id and text, valid UTF-8 in every field, no NUL.
Status check_document(const Document& doc);

// Cleans a field value from markup-free sources: trims ASCII whitespace at both ends.
std::string trimmed(std::string_view s);

}  // namespace fissure
