// CSV reader (RFC 4180: quoted fields, doubled quotes, newlines inside quotes) with a header row;
// ReaderOptions::csv_columns maps document fields to columns. Part of the corpus layer.
#pragma once

#include <memory>
#include <string>

#include "fissure/corpus/input_stream.h"
#include "fissure/corpus/reader.h"

namespace fissure {

std::unique_ptr<DocumentReader> make_csv_reader(std::unique_ptr<InputStream> in, std::string name,
                                                const ReaderOptions& options);

}  // namespace fissure
