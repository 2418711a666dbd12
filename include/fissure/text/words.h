// Word spans and case folding, with the same notion of a word as the archive's full-text index
// (runs of Unicode letters, digits and marks). Part of the text layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fissure/text/sentence_splitter.h"

namespace fissure {

// Byte spans of the words of text, in order.
std::vector<Span> word_spans(std::string_view text);

// Unicode simple case folding of a UTF-8 string ("İran" and "IRAN" fold like "iran").
std::string fold_case(std::string_view text);

}  // namespace fissure
