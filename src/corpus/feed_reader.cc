#include "fissure/corpus/feed_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <climits>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "fissure/corpus/html_reader.h"
#include "fissure/corpus/record_check.h"
#include "reader_util.h"
#include "xml_util.h"

namespace fissure {
namespace {

using corpus_internal::as_view;
using corpus_internal::attribute;
using corpus_internal::character_data;
using corpus_internal::iequals;
using corpus_internal::located;
using corpus_internal::name_of;
using corpus_internal::namespace_of;
using corpus_internal::skip_step;

constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";

enum class FeedKind { kRss, kRdf, kAtom };

// The XML parser must never fetch anything: no network, no DTD loading, no entity substitution
// (XML_PARSE_NOENT would expand external entities, the XXE hole). Recovery keeps the items
// before a syntax error.
constexpr int kXmlOptions = XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;

// Text that may hold markup or entities (titles, HTML descriptions), reduced to one line.
std::string one_line(std::string_view s) {
  if (s.find('<') == std::string_view::npos && s.find('&') == std::string_view::npos)
    return corpus_internal::collapse_whitespace(s);
  std::string t = extract_html(s, "UTF-8").text;  // the XML parser already decoded to UTF-8
  for (char& c : t)
    if (c == '\n') c = ' ';
  return t;
}

class FeedReader : public DocumentReader {
 public:
  FeedReader(std::unique_ptr<InputStream> in, std::string path, const ReaderOptions& options)
      : in_(std::move(in)), path_(std::move(path)), options_(options) {}

  ReadStep next() override {
    if (!parsed_) {
      parsed_ = true;
      if (auto fail = parse()) {
        doc_.reset();
        return std::move(*fail);
      }
    }
    if (next_item_ < items_.size()) {
      xmlNode* item = items_[next_item_++];
      return convert(item, next_item_);
    }
    items_.clear();
    doc_.reset();  // the tree is no longer needed
    return {};
  }

  size_t bytes_read() const override { return in_->raw_bytes_read(); }

 private:
  // Elements of the feed's own vocabulary. RSS 2.0 has no namespace; RSS 1.0 and 0.90 have one;
  // an Atom feed's elements share the root's namespace (Atom 1.0 or the older 0.3).
  bool core(const xmlNode* n, std::string_view name) const {
    if (n->type != XML_ELEMENT_NODE || name_of(n) != name) return false;
    std::string_view ns = namespace_of(n);
    if (kind_ == FeedKind::kAtom) return ns == feed_ns_;
    return ns.empty() || ns == kRss10Ns || ns == kRss090Ns;
  }
  static bool in_ns(const xmlNode* n, std::string_view ns, std::string_view name) {
    return n->type == XML_ELEMENT_NODE && name_of(n) == name && namespace_of(n) == ns;
  }
  template <typename Pred>
  static xmlNode* first_child(xmlNode* parent, Pred&& pred) {
    for (xmlNode* c = parent->children; c; c = c->next)
      if (pred(c)) return c;
    return nullptr;
  }
  xmlNode* core_child(xmlNode* parent, std::string_view name) const {
    return first_child(parent, [&](const xmlNode* c) { return core(c, name); });
  }
  static xmlNode* ns_child(xmlNode* parent, std::string_view ns, std::string_view name) {
    return first_child(parent, [&](const xmlNode* c) { return in_ns(c, ns, name); });
  }
  static std::string text_of(xmlNode* n) { return n ? trimmed(character_data(n)) : std::string(); }

  std::optional<ReadStep> parse() {
    auto fail = [&](std::string message, bool fatal) {
      return std::optional<ReadStep>(skip_step(std::move(message), fatal));
    };
    std::string bytes;
    Status error;
    switch (corpus_internal::read_whole(*in_, options_.max_record_bytes, &bytes, &error)) {
      case corpus_internal::WholeRead::kTooLarge:
        return fail(
            located(path_, "feed larger than " +
                               corpus_internal::size_text(options_.max_record_bytes) + " skipped"),
            false);
      case corpus_internal::WholeRead::kError:
        return fail(located(path_, error.message()), true);
      case corpus_internal::WholeRead::kOk:
        break;
    }
    if (bytes.size() > INT_MAX)
      return fail(located(path_, "feed too large for the XML parser"), false);
    xmlInitParser();  // idempotent and thread-safe; readers may run on several threads
    doc_.reset(
        xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, kXmlOptions));
    if (!doc_ || !xmlDocGetRootElement(doc_.get()))
      return fail(located(path_, "not an XML feed (no root element)"), false);
    if (!doc_->encoding && !corpus_internal::wide_unicode_signature(bytes)) {
      // Undeclared encoding means UTF-8. libxml2 would quietly read bad bytes as Latin-1;
      // the archive takes only text it can vouch for.
      size_t bad = find_invalid_utf8(bytes);
      if (bad != std::string::npos)
        return fail(
            located(path_, corpus_internal::line_of_offset(bytes, bad),
                    "invalid UTF-8 at byte " + std::to_string(bad) + " and no encoding declared"),
            false);
    }

    xmlNode* root = xmlDocGetRootElement(doc_.get());
    std::string_view root_name = name_of(root);
    xmlNode* channel = nullptr;
    if (root_name == "feed") {
      kind_ = FeedKind::kAtom;
      feed_ns_ = std::string(namespace_of(root));
      channel = root;
    } else if (root_name == "rss" || root_name == "RDF") {
      kind_ = root_name == "rss" ? FeedKind::kRss : FeedKind::kRdf;
      channel = core_child(root, "channel");
    } else {
      return fail(
          located(path_, xmlGetLineNo(root) > 0 ? size_t(xmlGetLineNo(root)) : 1,
                  "not an RSS or Atom feed (root element <" + std::string(root_name) + ">)"),
          false);
    }
    std::string_view item_name = kind_ == FeedKind::kAtom ? "entry" : "item";
    // RSS 2.0 puts items in the channel, RSS 1.0 beside it; accept both in either.
    for (xmlNode* parent : {channel, kind_ == FeedKind::kAtom ? nullptr : root}) {
      if (!parent) continue;
      for (xmlNode* c = parent->children; c; c = c->next)
        if (core(c, item_name)) items_.push_back(c);
    }
    if (channel) {
      feed_title_ = one_line(text_of(core_child(channel, "title")));
      if (kind_ == FeedKind::kAtom) {
        feed_lang_ = node_lang(channel);
      } else {
        feed_lang_ = text_of(core_child(channel, "language"));
        if (feed_lang_.empty()) feed_lang_ = text_of(ns_child(channel, kDcNs, "language"));
      }
    }
    return std::nullopt;
  }

  static std::string node_lang(xmlNode* n) {
    xmlChar* l = xmlNodeGetLang(n);
    if (!l) return {};
    std::string s = trimmed(as_view(l));
    xmlFree(l);
    return s;
  }

  // The text of an Atom text construct (title, summary, content) by its declared type.
  std::string atom_text(xmlNode* n) const {
    std::string type = corpus_internal::ascii_lower(trimmed(attribute(n, "type")));
    if (type == "xhtml") {
      // The content is markup in the tree itself: serialise it back for the HTML extractor.
      xmlBuffer* buf = xmlBufferCreate();
      if (!buf) return {};
      for (xmlNode* c = n->children; c; c = c->next) xmlNodeDump(buf, doc_.get(), c, 0, 0);
      std::string html(as_view(xmlBufferContent(buf)));
      xmlBufferFree(buf);
      return extract_html(html, "UTF-8").text;
    }
    std::string raw = character_data(n);
    if (type == "text") {
      corpus_internal::LineBuilder b;
      b.add(raw, true);
      return b.finish();
    }
    return extract_html(raw, "UTF-8").text;
  }

  ReadStep convert(xmlNode* item, size_t n) {
    long line_no = xmlGetLineNo(item);
    size_t line = line_no > 0 ? static_cast<size_t>(line_no) : 1;
    auto skip = [&](const std::string& reason) {
      return skip_step(located(path_, line, "item " + std::to_string(n) + ": " + reason), false);
    };
    bool atom = kind_ == FeedKind::kAtom;
    Document doc;
    std::string guid, link, date, author;
    nlohmann::json categories = nlohmann::json::array();
    if (atom) {
      if (xmlNode* t = core_child(item, "title")) doc.title = one_line(atom_text(t));
      guid = text_of(core_child(item, "id"));
      for (xmlNode* c = item->children; c; c = c->next) {
        if (!core(c, "link")) continue;
        std::string rel = trimmed(attribute(c, "rel"));
        if (rel.empty() || rel == "alternate") {
          link = trimmed(attribute(c, "href"));
          break;
        }
      }
      for (const char* d : {"published", "updated"}) {
        if (date.empty()) date = text_of(core_child(item, d));
      }
      if (xmlNode* a = core_child(item, "author")) author = text_of(core_child(a, "name"));
      for (xmlNode* c = item->children; c; c = c->next)
        if (core(c, "category")) {
          std::string term = trimmed(attribute(c, "term"));
          if (!term.empty()) categories.push_back(term);
        }
      for (const char* part : {"content", "summary"}) {
        if (!doc.text.empty()) break;
        xmlNode* c = core_child(item, part);
        // Out-of-line content (src="...") is not in the feed.
        if (c && !xmlHasProp(c, reinterpret_cast<const xmlChar*>("src"))) doc.text = atom_text(c);
      }
      doc.lang = node_lang(item);
    } else {
      doc.title = one_line(text_of(core_child(item, "title")));
      guid = text_of(core_child(item, "guid"));
      link = text_of(core_child(item, "link"));
      date = text_of(core_child(item, "pubDate"));
      author = text_of(core_child(item, "author"));
      if (author.empty()) author = text_of(ns_child(item, kDcNs, "creator"));
      for (xmlNode* c = item->children; c; c = c->next)
        if (core(c, "category") || in_ns(c, kDcNs, "subject")) {
          std::string term = text_of(c);
          if (!term.empty()) categories.push_back(term);
        }
      for (xmlNode* c : {ns_child(item, kContentNs, "encoded"), core_child(item, "description")}) {
        if (!doc.text.empty()) break;
        if (c) doc.text = extract_html(character_data(c), "UTF-8").text;
      }
      doc.lang = text_of(ns_child(item, kDcNs, "language"));
    }
    if (date.empty()) date = text_of(ns_child(item, kDcNs, "date"));
    if (doc.text.empty()) return skip("no text");
    if (!date.empty()) {
      auto d = parse_any_date(date);
      if (!d) return skip(d.status().message());
      doc.date = *d;
    }
    doc.id = !guid.empty() ? guid : !link.empty() ? link : path_ + "#" + std::to_string(n);
    doc.url = link;
    doc.source = !options_.default_source.empty() ? options_.default_source : feed_title_;
    doc.country = options_.default_country;
    if (doc.lang.empty()) doc.lang = feed_lang_;
    nlohmann::json meta = nlohmann::json::object();
    if (!author.empty()) meta["author"] = author;
    if (!categories.empty()) meta["categories"] = std::move(categories);
    if (!feed_title_.empty() && feed_title_ != doc.source) meta["feed_title"] = feed_title_;
    if (!meta.empty())
      doc.metadata_json = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    doc.origin = path_ + ":" + std::to_string(line);
    if (Status st = check_document(doc); !st) return skip(st.message());
    return corpus_internal::document_step(std::move(doc));
  }

  std::unique_ptr<InputStream> in_;
  std::string path_;
  ReaderOptions options_;
  bool parsed_ = false;
  corpus_internal::XmlDocPtr doc_;
  FeedKind kind_ = FeedKind::kRss;
  std::string feed_ns_;
  std::string feed_title_;
  std::string feed_lang_;
  std::vector<xmlNode*> items_;  // owned by doc_
  size_t next_item_ = 0;
};

}  // namespace

std::unique_ptr<DocumentReader> make_feed_reader(std::unique_ptr<InputStream> in, std::string path,
                                                 const ReaderOptions& options) {
  return std::make_unique<FeedReader>(std::move(in), std::move(path), options);
}

}  // namespace fissure
