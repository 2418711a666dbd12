// HTML reader: one page is one document; the main text is extracted (article/main/body, without
// scripts, styles, navigation, headers, footers and asides), with title, date and URL taken from
// the page's metadata where present. Part of the corpus layer.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "fissure/corpus/input_stream.h"
#include "fissure/corpus/reader.h"

namespace fissure {

std::unique_ptr<DocumentReader> make_html_reader(std::unique_ptr<InputStream> in, std::string path,
                                                 const ReaderOptions& options);

// What an HTML page holds for fissure: its main text (paragraphs separated by "\n") and metadata.
struct HtmlExtract {
  std::string title;
  std::string text;
  std::string date;  // as found (meta article:published_time, <time datetime>), unparsed
  std::string url;   // canonical or og:url
  std::string lang;  // <html lang>
};
// Extracts from an HTML document or fragment. Never fails: garbage in gives empty fields out.
HtmlExtract extract_html(std::string_view html);
// The same for a page whose charset is known from outside (the charset parameter of an HTTP
// Content-Type header), which overrides any <meta charset>. An empty or unknown charset is
// ignored. Without a charset, or when the page declares none, bytes are taken as UTF-8 and
// invalid sequences are kept as they are, for the caller's UTF-8 check to reject.
HtmlExtract extract_html(std::string_view html, std::string_view charset);

}  // namespace fissure
