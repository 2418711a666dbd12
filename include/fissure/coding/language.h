// Whether a sentence is English enough to code. fissure's dictionaries are English: a Korean,
// Persian or French sentence run through them would be mis-coded (a stray "Iran" in a French
// sentence with no verb the coder knows, "US" inside a transliteration), so such sentences are
// marked with their language and left uncoded.
#pragma once

#include <string>
#include <string_view>

namespace fissure {

// "en" for English (or too short to tell, in Latin script); otherwise a tag saying why not:
// "und-script" when most letters are not Latin, "und" for Latin-script text with too few English
// function words. `document_lang` (the record's own tag, may be empty) wins when it is given and
// is not English.
std::string sentence_language(std::string_view sentence, std::string_view document_lang);

}  // namespace fissure
