// Lexicoder dictionaries (.lc3, as the Lexicoder Sentiment Dictionary ships): a line
// "+category#colour" opens a category; each following line holds one pattern after a leading
// space, a trailing '*' being a prefix wildcard ("abandon*"); patterns may span several words.
// Loaded into a PhraseDictionary (one entry of kind "category" per category), so that the phrase
// matcher compiles them with everything else. Part of the lexicon layer.
#pragma once

#include <string>
#include <string_view>

#include "fissure/lexicon/phrase_dictionary.h"
#include "fissure/util/status.h"

namespace fissure {

// Whether text looks like a Lexicoder dictionary: its first non-blank line is "+name...".
bool looks_like_lexicoder(std::string_view text);

// Parses .lc3 text; `name` is used in problems and provenance. Never fails: malformed lines are
// skipped and listed in the dictionary's problems().
PhraseDictionary parse_lexicoder(std::string_view text, std::string name);

// Reads and parses a .lc3 file; fails only when it cannot be read.
Result<PhraseDictionary> load_lexicoder_file(const std::string& path);

}  // namespace fissure
