// Tidy tables out of the archive for R and pandas: one row per coded sentence, or one row per
// actor mention, streamed (memory does not grow with the archive). Part of the store layer.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/util/status.h"

namespace fissure {

enum class ExportTable {
  kSentences,  // sentence_id, document_id, n, date, source, country, speaker, speaker_rule, lang,
               // tone, tone_fissure, domains, text
  kCodings,    // one row per mention: sentence_id, document_id, date, source, country, speaker,
               // actor, kind, actor_country, name, tone, tone_fissure, start, end, dictionary, line
};

struct ExportFilter {
  std::string speaker;   // sentence_coding.speaker
  std::string actor;     // the sentence names this actor (mention.code)
  std::string source;    // document.source
  std::string from, to;  // document dates overlapping [from, to]
};

// One value of a row; `kind` tells how to write it (NULL stays NULL: NA in R, NaN in pandas).
struct ExportCell {
  enum Kind { kNull, kInteger, kReal, kText } kind = kNull;
  int64_t integer = 0;
  double real = 0;
  std::string_view text;
};

// Calls `header` once with the column names, then `row` for every row, in sentence order.
Status export_table(Archive& archive, ExportTable table, const ExportFilter& filter,
                    const std::function<void(const std::vector<std::string>&)>& header,
                    const std::function<void(const std::vector<ExportCell>&)>& row);

}  // namespace fissure
