#include "fissure/corpus/html_reader.h"

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>

#include <array>
#include <climits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fissure/corpus/record_check.h"
#include "reader_util.h"
#include "xml_util.h"

namespace fissure {
namespace {

using corpus_internal::attribute;
using corpus_internal::iequals;
using corpus_internal::name_of;
using corpus_internal::walk;

// Elements whose content is never part of the main text: code, styling, site chrome, widgets.
bool is_dropped(std::string_view name) {
  static constexpr std::array<std::string_view, 15> kDropped = {
      "script", "style", "noscript", "nav",  "header", "footer", "aside", "form",
      "iframe", "svg",   "template", "head", "select", "button", "object"};
  for (auto d : kDropped)
    if (d == name) return true;
  return false;
}

// Elements that end a line of text.
bool is_block(std::string_view name) {
  static constexpr std::array<std::string_view, 44> kBlocks = {
      "address", "article", "aside",  "blockquote", "body",    "br",    "caption",  "center",
      "dd",      "details", "dialog", "div",        "dl",      "dt",    "fieldset", "figcaption",
      "figure",  "footer",  "form",   "h1",         "h2",      "h3",    "h4",       "h5",
      "h6",      "header",  "hr",     "html",       "legend",  "li",    "main",     "nav",
      "ol",      "p",       "pre",    "section",    "summary", "table", "td",       "th",
      "tr",      "ul",      "tbody",  "thead"};
  for (auto b : kBlocks)
    if (b == name) return true;
  return false;
}

// The visible text of a subtree, one line per block, dropped elements left out.
std::string text_of(xmlNode* container) {
  corpus_internal::LineBuilder b;
  int pre = 0;
  walk(
      container,
      [&](xmlNode* n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
          if (n->content) b.add(reinterpret_cast<const char*>(n->content), pre > 0);
          return false;
        }
        if (n->type != XML_ELEMENT_NODE) return false;
        std::string_view name = name_of(n);
        if (n != container && is_dropped(name)) return false;
        if (name == "pre") ++pre;
        return true;
      },
      [&](xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE) return;
        std::string_view name = name_of(n);
        if (name == "pre" && pre > 0) --pre;
        if (is_block(name)) b.break_line();
      });
  return b.finish();
}

// A heading or title as one line.
std::string inline_text_of(xmlNode* n) {
  std::string t = text_of(n);
  for (char& c : t)
    if (c == '\n') c = ' ';
  return t;
}

bool has_token(std::string_view list, std::string_view token) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ' ' || list[i] == '\t' || list[i] == '\n')) ++i;
    size_t j = i;
    while (j < list.size() && !(list[j] == ' ' || list[j] == '\t' || list[j] == '\n')) ++j;
    if (j > i && iequals(list.substr(i, j - i), token)) return true;
    i = j;
  }
  return false;
}

// Publication-date sources in order of trust.
enum DateSource { kArticlePublished, kOgArticlePublished, kMetaDate, kMetaPubdate, kItemprop, kN };

struct PageFacts {
  std::string og_title, title, h1, h1_in_chrome;
  std::string canonical, og_url;
  std::array<std::string, kN> dates;
  std::string time_datetime;
  std::string lang;
  std::vector<xmlNode*> articles;  // outermost articles outside site chrome
  xmlNode* main = nullptr;
  xmlNode* body = nullptr;
};

void note_date(PageFacts& f, DateSource s, std::string value) {
  value = trimmed(value);
  if (f.dates[s].empty()) f.dates[s] = std::move(value);
}

PageFacts collect_facts(xmlNode* root) {
  PageFacts f;
  int chrome = 0, svg = 0, article = 0;
  walk(
      root,
      [&](xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE) return false;
        std::string_view name = name_of(n);
        if (name == "html") {
          if (f.lang.empty()) f.lang = trimmed(attribute(n, "lang"));
          if (f.lang.empty()) {
            xmlChar* l = xmlNodeGetLang(n);
            if (l) {
              f.lang = trimmed(reinterpret_cast<const char*>(l));
              xmlFree(l);
            }
          }
        } else if (name == "meta") {
          std::string key = attribute(n, "property");
          if (key.empty()) key = attribute(n, "name");
          std::string content = attribute(n, "content");
          if (iequals(key, "og:title")) {
            if (f.og_title.empty()) f.og_title = corpus_internal::collapse_whitespace(content);
          } else if (iequals(key, "og:url")) {
            if (f.og_url.empty()) f.og_url = trimmed(content);
          } else if (iequals(key, "article:published_time")) {
            note_date(f, kArticlePublished, content);
          } else if (iequals(key, "og:article:published_time")) {
            note_date(f, kOgArticlePublished, content);
          } else if (iequals(key, "date")) {
            note_date(f, kMetaDate, content);
          } else if (iequals(key, "pubdate")) {
            note_date(f, kMetaPubdate, content);
          }
        } else if (name == "link") {
          if (f.canonical.empty() && has_token(attribute(n, "rel"), "canonical"))
            f.canonical = trimmed(attribute(n, "href"));
        } else if (name == "title") {
          if (svg == 0 && f.title.empty()) f.title = inline_text_of(n);
        } else if (name == "h1") {
          std::string& slot = chrome == 0 ? f.h1 : f.h1_in_chrome;
          if (slot.empty()) slot = inline_text_of(n);
        } else if (name == "time") {
          if (f.time_datetime.empty()) f.time_datetime = trimmed(attribute(n, "datetime"));
        } else if (name == "article") {
          if (chrome == 0 && article == 0) f.articles.push_back(n);
          ++article;
        } else if (name == "main") {
          if (chrome == 0 && !f.main) f.main = n;
        } else if (name == "body") {
          if (!f.body) f.body = n;
        }
        if (f.dates[kItemprop].empty() &&
            xmlHasProp(n, reinterpret_cast<const xmlChar*>("itemprop")) &&
            iequals(attribute(n, "itemprop"), "datePublished")) {
          std::string v = attribute(n, "content");
          if (v.empty()) v = attribute(n, "datetime");
          if (v.empty()) v = text_of(n);
          note_date(f, kItemprop, v);
        }
        if (name == "svg") ++svg;
        if (name != "head" && is_dropped(name)) ++chrome;
        // Text content is gathered separately; scripts and styles hold no metadata.
        return name != "script" && name != "style";
      },
      [&](xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE) return;
        std::string_view name = name_of(n);
        if (name == "svg") --svg;
        if (name == "article") --article;
        if (name != "head" && is_dropped(name)) --chrome;
      });
  return f;
}

bool encoding_known(const std::string& name) {
  xmlCharEncodingHandler* h = xmlFindCharEncodingHandler(name.c_str());
  if (!h) return false;
  xmlCharEncCloseFunc(h);
  return true;
}

corpus_internal::XmlDocPtr parse_html(std::string_view html, const char* encoding) {
  constexpr int kOptions =
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
  return corpus_internal::XmlDocPtr(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, encoding, kOptions));
}

}  // namespace

HtmlExtract extract_html(std::string_view html) { return extract_html(html, {}); }

HtmlExtract extract_html(std::string_view html, std::string_view charset) {
  HtmlExtract out;
  html = corpus_internal::strip_bom(html);
  if (html.empty() || html.size() > INT_MAX) return out;
  xmlInitParser();  // idempotent and thread-safe; readers may run on several threads

  std::string encoding = trimmed(charset);
  if (!encoding.empty() && !encoding_known(encoding)) encoding.clear();
  corpus_internal::XmlDocPtr doc = parse_html(html, encoding.empty() ? nullptr : encoding.c_str());
  if (encoding.empty() && doc && !doc->encoding && !corpus_internal::wide_unicode_signature(html) &&
      find_invalid_utf8(html) != std::string::npos) {
    // No charset anywhere: libxml2 would silently read bad bytes as Latin-1. Read them as
    // UTF-8 instead so that they stay visible and the document is rejected with a reason.
    doc = parse_html(html, "UTF-8");
  }
  if (!doc) return out;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return out;

  PageFacts f = collect_facts(root);
  out.title = !f.og_title.empty() ? f.og_title
              : !f.title.empty()  ? f.title
              : !f.h1.empty()     ? f.h1
                                  : f.h1_in_chrome;
  out.url = !f.canonical.empty() ? f.canonical : f.og_url;
  for (const auto& d : f.dates) {
    if (!d.empty()) {
      out.date = d;
      break;
    }
  }
  if (out.date.empty()) out.date = f.time_datetime;
  out.lang = f.lang;

  // The largest article holds the story on most news pages; listing pages and pages without
  // <article> fall back to <main>, then to the whole body.
  for (xmlNode* a : f.articles) {
    std::string t = text_of(a);
    if (t.size() > out.text.size()) out.text = std::move(t);
  }
  if (out.text.empty() && f.main) out.text = text_of(f.main);
  if (out.text.empty()) out.text = text_of(f.body ? f.body : root);
  return out;
}

namespace {

bool is_absolute_url(std::string_view u) {
  size_t colon = u.find("://");
  return colon != std::string_view::npos && colon > 0 && u.find(' ') == std::string_view::npos;
}

class HtmlReader : public DocumentReader {
 public:
  HtmlReader(std::unique_ptr<InputStream> in, std::string path, const ReaderOptions& options)
      : in_(std::move(in)), path_(std::move(path)), options_(options) {}

  ReadStep next() override {
    using corpus_internal::located;
    using corpus_internal::skip_step;
    if (done_) return {};
    done_ = true;
    std::string bytes;
    Status error;
    switch (corpus_internal::read_whole(*in_, options_.max_record_bytes, &bytes, &error)) {
      case corpus_internal::WholeRead::kTooLarge:
        return skip_step(
            located(path_, "file larger than " +
                               corpus_internal::size_text(options_.max_record_bytes) + " skipped"),
            false);
      case corpus_internal::WholeRead::kError:
        return skip_step(located(path_, error.message()), true);
      case corpus_internal::WholeRead::kOk:
        break;
    }
    HtmlExtract page = extract_html(bytes);
    if (page.text.empty()) return skip_step(located(path_, "no text found in HTML"), false);

    Document doc;
    // A relative canonical link ("/news/1") would collide across sites: the path is safer.
    doc.id = is_absolute_url(page.url) ? page.url : path_;
    doc.url = std::move(page.url);
    doc.title = std::move(page.title);
    doc.lang = std::move(page.lang);
    doc.text = std::move(page.text);
    doc.source = options_.default_source;
    doc.country = options_.default_country;
    doc.origin = path_;
    if (!page.date.empty()) {
      // Pages carry all sorts of date strings; an odd one costs the date, not the page.
      auto d = parse_any_date(page.date);
      if (d) {
        doc.date = *d;
      } else {
        doc.metadata_json = nlohmann::json{{"date_raw", page.date}}.dump(
            -1, ' ', false, nlohmann::json::error_handler_t::replace);
      }
    }
    if (Status st = check_document(doc); !st) return skip_step(located(path_, st.message()), false);
    return corpus_internal::document_step(std::move(doc));
  }

  size_t bytes_read() const override { return in_->raw_bytes_read(); }

 private:
  std::unique_ptr<InputStream> in_;
  std::string path_;
  ReaderOptions options_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<DocumentReader> make_html_reader(std::unique_ptr<InputStream> in, std::string path,
                                                 const ReaderOptions& options) {
  return std::make_unique<HtmlReader>(std::move(in), std::move(path), options);
}

}  // namespace fissure
