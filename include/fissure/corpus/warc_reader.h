// WARC 1.0/1.1 reader: every "response" record with an HTML payload (and every "resource" or
// "conversion" record with text or HTML) is one document, id and URL from WARC-Target-URI, date
// from WARC-Date. Record-at-a-time gzip (.warc.gz) is handled by InputStream. Part of corpus.
#pragma once

#include <memory>
#include <string>

#include "fissure/corpus/input_stream.h"
#include "fissure/corpus/reader.h"

namespace fissure {

std::unique_ptr<DocumentReader> make_warc_reader(std::unique_ptr<InputStream> in, std::string path,
                                                 const ReaderOptions& options);

}  // namespace fissure
