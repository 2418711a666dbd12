// JSON Lines reader for the shared corpus schema (id, source, country, date, title, text, url,
// lang; other fields kept as metadata). Part of the corpus layer.
#pragma once

#include <memory>
#include <string>

#include "fissure/corpus/input_stream.h"
#include "fissure/corpus/reader.h"

namespace fissure {

std::unique_ptr<DocumentReader> make_jsonl_reader(std::unique_ptr<InputStream> in,
                                                  std::string name, const ReaderOptions& options);

}  // namespace fissure
