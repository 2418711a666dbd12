// RSS 2.0 / RSS 1.0 (RDF) / Atom reader: every item or entry is one document; HTML in
// descriptions and content is reduced to text. Part of the corpus layer.
#pragma once

#include <memory>
#include <string>

#include "fissure/corpus/input_stream.h"
#include "fissure/corpus/reader.h"

namespace fissure {

std::unique_ptr<DocumentReader> make_feed_reader(std::unique_ptr<InputStream> in, std::string path,
                                                 const ReaderOptions& options);

}  // namespace fissure
