// Plain-text reader: one file is one document. File names in the UN General Debate layout
// ("ISO_NN_YYYY.txt", e.g. "IRN_73_2018.txt") give country, session and year. Part of corpus.
#pragma once

#include <memory>
#include <string>

#include "fissure/corpus/input_stream.h"
#include "fissure/corpus/reader.h"

namespace fissure {

std::unique_ptr<DocumentReader> make_text_reader(std::unique_ptr<InputStream> in, std::string path,
                                                 const ReaderOptions& options);

}  // namespace fissure
